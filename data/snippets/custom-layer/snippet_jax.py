import json

import jax
import jax.numpy as jnp
from flax import nnx


class Scale(nnx.Module):
    """Multiplies each feature by a learned weight: y = x * w + b."""

    def __init__(self, features: int):
        self.w = nnx.Param(jnp.ones(features))
        self.b = nnx.Param(jnp.zeros(features))

    def __call__(self, x):
        return x * self.w + self.b


layer = Scale(3)
x = jax.random.normal(jax.random.key(0), (2, 3))
out = layer(x)

assert out.shape == (2, 3)
assert jnp.array_equal(out, x)  # initialised as the identity
params = nnx.state(layer, nnx.Param)
names = sorted(str(k) for k in params.keys())
assert names == ["b", "w"]
print(json.dumps({"output_shape": list(out.shape), "parameters": names}))
