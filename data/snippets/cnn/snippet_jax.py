import json

import jax
import jax.numpy as jnp
from flax import nnx


class CNN(nnx.Module):
    def __init__(self, rngs: nnx.Rngs):
        self.conv = nnx.Conv(1, 8, kernel_size=(3, 3), padding="SAME", rngs=rngs)
        self.linear = nnx.Linear(8 * 14 * 14, 10, rngs=rngs)

    def __call__(self, x):  # channels last: N, H, W, C
        x = nnx.relu(self.conv(x))  # (N, 28, 28, 8)
        x = nnx.max_pool(x, window_shape=(2, 2), strides=(2, 2))  # (N, 14, 14, 8)
        x = x.reshape(x.shape[0], -1)  # (N, 1568)
        return self.linear(x)  # (N, 10)


model = CNN(nnx.Rngs(0))
x = jax.random.normal(jax.random.key(0), (4, 28, 28, 1))
conv_out = model.conv(x)
out = model(x)

assert conv_out.shape == (4, 28, 28, 8)
assert out.shape == (4, 10)
n_params = sum(p.size for p in jax.tree.leaves(nnx.state(model, nnx.Param)))
print(json.dumps({"conv_shape": list(conv_out.shape), "output_shape": list(out.shape), "params": int(n_params)}))
