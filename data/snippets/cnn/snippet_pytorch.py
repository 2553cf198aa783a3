import json

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Conv2d(1, 8, kernel_size=3, padding=1),  # (N, 1, 28, 28) -> (N, 8, 28, 28)
    nn.ReLU(),
    nn.MaxPool2d(2),  # -> (N, 8, 14, 14)
    nn.Flatten(),  # -> (N, 1568)
    nn.Linear(8 * 14 * 14, 10),  # -> (N, 10)
)
x = torch.randn(4, 1, 28, 28)  # channels first: N, C, H, W
shapes = []
h = x
for layer in model:
    h = layer(h)
    shapes.append(list(h.shape))

assert shapes[0] == [4, 8, 28, 28]
assert shapes[2] == [4, 8, 14, 14]
assert model(x).shape == (4, 10)
n_params = sum(p.numel() for p in model.parameters())
print(json.dumps({"shapes": shapes, "params": n_params}))
