import json
import os
import tempfile

import mlx.core as mx
import mlx.nn as nn


def make_model():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))


mx.random.seed(0)
model = make_model()
x = mx.random.normal((5, 4))
path = os.path.join(tempfile.mkdtemp(), "model.safetensors")
model.save_weights(path)  # the weights, not the code

restored = make_model()  # the code rebuilds the architecture (fresh random weights)
assert not mx.array_equal(restored(x), model(x)).item()
restored.load_weights(path)

assert mx.array_equal(restored(x), model(x)).item()
print(json.dumps({"file_bytes": os.path.getsize(path), "outputs_equal": True}))
