import json

import jax
import jax.numpy as jnp
from flax import nnx

model = nnx.Sequential(nnx.Linear(16, 32, rngs=nnx.Rngs(0)), nnx.relu, nnx.Linear(32, 4, rngs=nnx.Rngs(1)))
graphdef, params = nnx.split(model)


def apply(params, x):
    return nnx.merge(graphdef, params)(x)


fast = jax.jit(apply)  # traced once per input shape, compiled by XLA
x = jax.random.normal(jax.random.key(0), (8, 16))
eager, compiled = apply(params, x), fast(params, x)

assert compiled.shape == (8, 4)
assert jnp.allclose(eager, compiled, atol=1e-5)
hlo = fast.lower(params, x).as_text()  # the StableHLO program XLA compiles
assert "stablehlo.dot_general" in hlo
print(json.dumps({"shape": list(compiled.shape), "max_abs_diff": float(jnp.abs(eager - compiled).max())}))
