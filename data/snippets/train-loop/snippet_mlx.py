import json

import mlx.core as mx
import mlx.nn as nn
import mlx.optimizers as optim

mx.random.seed(0)
w_true = mx.array([[2.0], [-3.0], [0.5]])
x = mx.random.normal((256, 3))
y = x @ w_true + 0.01 * mx.random.normal((256, 1))

model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 1))
optimizer = optim.Adam(learning_rate=0.01)


def mse(model, xb, yb):
    return nn.losses.mse_loss(model(xb), yb)


step = nn.value_and_grad(model, mse)
losses = []
for epoch in range(5):
    for i in range(0, 256, 32):
        loss, grads = step(model, x[i : i + 32], y[i : i + 32])
        optimizer.update(model, grads)
        mx.eval(model.parameters(), optimizer.state)
    losses.append(round(mse(model, x, y).item(), 6))

assert losses[-1] < losses[0] / 2, losses
print(json.dumps({"epoch_losses": losses}))
