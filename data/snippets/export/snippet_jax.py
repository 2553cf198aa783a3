import json

import jax
import jax.numpy as jnp
from flax import nnx

model = nnx.Sequential(nnx.Linear(4, 8, rngs=nnx.Rngs(0)), nnx.relu, nnx.Linear(8, 2, rngs=nnx.Rngs(1)))
graphdef, params = nnx.split(model)


def predict(x):
    return nnx.merge(graphdef, params)(x)  # weights are baked in as constants


x = jax.random.normal(jax.random.key(0), (3, 4))
exported = jax.export.export(jax.jit(predict))(jax.ShapeDtypeStruct(x.shape, x.dtype))
blob = exported.serialize()  # StableHLO bytes: loadable without the Python model code

loaded = jax.export.deserialize(blob)
assert jnp.allclose(loaded.call(x), predict(x))
print(json.dumps({"artifact_bytes": len(blob), "platforms": list(exported.platforms), "outputs_match": True}))
