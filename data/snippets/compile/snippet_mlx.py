import json

import mlx.core as mx
import mlx.nn as nn

mx.random.seed(0)
model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 4))


def predict(x):
    return model(x)


fast = mx.compile(predict)  # traces once per shape, fuses the graph
x = mx.random.normal((8, 16))
eager, compiled = predict(x), fast(x)

assert compiled.shape == (8, 4)
assert mx.allclose(eager, compiled, atol=1e-5).item()
print(json.dumps({"shape": list(compiled.shape), "max_abs_diff": mx.abs(eager - compiled).max().item()}))
