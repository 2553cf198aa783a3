import json

import jax
import jax.numpy as jnp


@jax.custom_vjp
def clip_grad(x):
    """Identity on the way forward; clips the gradient to [-1, 1] on the way back."""
    return x


def clip_fwd(x):
    return x, None


def clip_bwd(_, g):
    return (jnp.clip(g, -1.0, 1.0),)


clip_grad.defvjp(clip_fwd, clip_bwd)

x = jnp.array([1.0, 2.0, 3.0])
grad = jax.grad(lambda x: jnp.sum(clip_grad(x) * 10.0))(x)  # plain gradient would be 10 everywhere

assert grad.tolist() == [1.0, 1.0, 1.0]
print(json.dumps({"grad": grad.tolist()}))
