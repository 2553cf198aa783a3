import json
import os
import tempfile

import jax
import jax.numpy as jnp
import orbax.checkpoint as ocp
from flax import nnx


def make_model(seed):
    return nnx.Sequential(nnx.Linear(4, 8, rngs=nnx.Rngs(seed)), nnx.relu, nnx.Linear(8, 2, rngs=nnx.Rngs(seed + 1)))


model = make_model(0)
x = jax.random.normal(jax.random.key(0), (5, 4))
path = os.path.join(tempfile.mkdtemp(), "ckpt")

_, state = nnx.split(model)  # the weights as a pytree; the code stays in Python
checkpointer = ocp.StandardCheckpointer()
checkpointer.save(path, state)
checkpointer.wait_until_finished()

restored = make_model(42)  # same architecture, different weights
graphdef, abstract_state = nnx.split(restored)
nnx.update(restored, checkpointer.restore(path, abstract_state))

assert not jnp.array_equal(make_model(42)(x), model(x))
assert jnp.array_equal(restored(x), model(x))
print(json.dumps({"outputs_equal": True, "leaves": len(jax.tree.leaves(state))}))
