import json
import os
import tempfile

import mlx.core as mx
import mlx.nn as nn

mx.random.seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
x = mx.random.normal((3, 4))


def predict(x):
    return model(x)  # weights are captured as constants


path = os.path.join(tempfile.mkdtemp(), "model.mlxfn")
mx.export_function(path, predict, x)  # loadable from Python or C++ without the model code

loaded = mx.import_function(path)
(out,) = loaded(x)
assert mx.allclose(out, predict(x)).item()
print(json.dumps({"artifact_bytes": os.path.getsize(path), "outputs_match": True}))
