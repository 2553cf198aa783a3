import json

import jax
import jax.numpy as jnp
import optax
from flax import nnx

kx, kn = jax.random.split(jax.random.key(0))
w_true = jnp.array([[2.0], [-3.0], [0.5]])
x = jax.random.normal(kx, (256, 3))
y = x @ w_true + 0.01 * jax.random.normal(kn, (256, 1))


class MLP(nnx.Module):
    def __init__(self, rngs):
        self.l1 = nnx.Linear(3, 16, rngs=rngs)
        self.l2 = nnx.Linear(16, 1, rngs=rngs)

    def __call__(self, x):
        return self.l2(nnx.relu(self.l1(x)))


model = MLP(nnx.Rngs(0))
optimizer = nnx.Optimizer(model, optax.adam(0.01), wrt=nnx.Param)


def mse(model, xb, yb):
    return jnp.mean((model(xb) - yb) ** 2)


@nnx.jit  # compile the whole step once; later calls reuse it
def train_step(model, optimizer, xb, yb):
    loss, grads = nnx.value_and_grad(mse)(model, xb, yb)
    optimizer.update(model, grads)
    return loss


losses = []
for epoch in range(5):
    for i in range(0, 256, 32):
        train_step(model, optimizer, x[i : i + 32], y[i : i + 32])
    losses.append(round(float(mse(model, x, y)), 6))

assert losses[-1] < losses[0] / 2, losses
print(json.dumps({"epoch_losses": losses}))
