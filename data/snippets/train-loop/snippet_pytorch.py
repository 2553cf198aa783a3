import json

import torch
from torch import nn

torch.manual_seed(0)
# synthetic regression data: y = x @ w + noise
w_true = torch.tensor([[2.0], [-3.0], [0.5]])
x = torch.randn(256, 3)
y = x @ w_true + 0.01 * torch.randn(256, 1)

model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()

losses = []
for epoch in range(5):
    for i in range(0, 256, 32):
        xb, yb = x[i : i + 32], y[i : i + 32]
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        losses.append(round(loss_fn(model(x), y).item(), 6))

assert losses[-1] < losses[0] / 2, losses
print(json.dumps({"epoch_losses": losses}))
