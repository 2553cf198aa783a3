import json

import jax
import jax.numpy as jnp


def f(x):
    return jnp.sum(x**2)  # y = sum(x^2)


x = jnp.array([1.0, 2.0, 3.0])
y, grad = jax.value_and_grad(f)(x)  # gradients are functions of functions, not tensor state

assert grad.tolist() == [2.0, 4.0, 6.0]
key1, key2 = jax.random.split(jax.random.key(0))  # explicit random keys instead of a global seed
m = jax.random.normal(key1, (2, 3)) @ jax.random.normal(key2, (3, 4))
assert m.shape == (2, 4)
print(json.dumps({"y": float(y), "grad": grad.tolist(), "matmul_shape": list(m.shape)}))
