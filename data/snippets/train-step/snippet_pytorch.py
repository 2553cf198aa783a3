import json

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Linear(4, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.MSELoss()
x, y = torch.randn(32, 4), torch.randn(32, 1)

before = loss_fn(model(x), y).item()
# one training step
optimizer.zero_grad()
loss = loss_fn(model(x), y)
loss.backward()
optimizer.step()
after = loss_fn(model(x), y).item()

assert after < before
print(json.dumps({"loss_before": round(before, 6), "loss_after": round(after, 6)}))
