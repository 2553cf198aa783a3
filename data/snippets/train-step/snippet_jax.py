import json

import jax
import jax.numpy as jnp
import optax
from flax import nnx

model = nnx.Linear(4, 1, rngs=nnx.Rngs(0))
optimizer = nnx.Optimizer(model, optax.sgd(0.1), wrt=nnx.Param)
kx, ky = jax.random.split(jax.random.key(0))
x, y = jax.random.normal(kx, (32, 4)), jax.random.normal(ky, (32, 1))


def loss_fn(model):
    return jnp.mean((model(x) - y) ** 2)


before = float(loss_fn(model))
# one training step: gradients with respect to the module's parameters, then an in-place update
loss, grads = nnx.value_and_grad(loss_fn)(model)
optimizer.update(model, grads)
after = float(loss_fn(model))

assert after < before
print(json.dumps({"loss_before": round(before, 6), "loss_after": round(after, 6)}))
