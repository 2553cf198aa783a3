import json

import mlx.core as mx
import mlx.nn as nn

mx.random.seed(0)
model = nn.Sequential(
    nn.Conv2d(1, 8, kernel_size=3, padding=1),  # channels last: (N, 28, 28, 1) -> (N, 28, 28, 8)
    nn.ReLU(),
    nn.MaxPool2d(2),  # -> (N, 14, 14, 8)
    lambda x: x.reshape(x.shape[0], -1),  # -> (N, 1568)
    nn.Linear(8 * 14 * 14, 10),  # -> (N, 10)
)
x = mx.random.normal((4, 28, 28, 1))
shapes = []
h = x
for layer in model.layers:
    h = layer(h)
    shapes.append(list(h.shape))

assert shapes[0] == [4, 28, 28, 8]
assert shapes[2] == [4, 14, 14, 8]
assert model(x).shape == (4, 10)
print(json.dumps({"shapes": shapes}))
