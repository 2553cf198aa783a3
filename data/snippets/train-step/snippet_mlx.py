import json

import mlx.core as mx
import mlx.nn as nn
import mlx.optimizers as optim

mx.random.seed(0)
model = nn.Linear(4, 1)
optimizer = optim.SGD(learning_rate=0.1)
x, y = mx.random.normal((32, 4)), mx.random.normal((32, 1))


def loss_fn(model, x, y):
    return nn.losses.mse_loss(model(x), y)


before = loss_fn(model, x, y).item()
# one training step: gradients with respect to the module's parameters, then an update
loss, grads = nn.value_and_grad(model, loss_fn)(model, x, y)
optimizer.update(model, grads)
mx.eval(model.parameters(), optimizer.state)  # MLX is lazy: force the update
after = loss_fn(model, x, y).item()

assert after < before
print(json.dumps({"loss_before": round(before, 6), "loss_after": round(after, 6)}))
