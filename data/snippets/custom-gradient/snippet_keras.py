import json

import keras
import numpy as np
from keras import ops


@ops.custom_gradient
def clip_grad(x):
    """Identity on the way forward; clips the gradient to [-1, 1] on the way back."""

    def grad(*args, upstream=None):
        if upstream is None:  # the TensorFlow and JAX backends pass it positionally
            (upstream,) = args
        return ops.clip(upstream, -1.0, 1.0)

    return x, grad


# Keras has no backend-neutral gradient function, so the gradient is taken with the backend's own API.
backend = keras.backend.backend()
x_np = np.array([1.0, 2.0, 3.0], dtype="float32")
if backend == "jax":
    import jax

    grad = jax.grad(lambda x: ops.sum(clip_grad(x) * 10.0))(x_np)
elif backend == "tensorflow":
    import tensorflow as tf

    x = tf.Variable(x_np)
    with tf.GradientTape() as tape:
        y = ops.sum(clip_grad(x) * 10.0)
    grad = tape.gradient(y, x)
else:
    import torch

    x = torch.tensor(x_np, requires_grad=True)
    ops.sum(clip_grad(x) * 10.0).backward()
    grad = x.grad

grad = ops.convert_to_numpy(grad).tolist()
assert grad == [1.0, 1.0, 1.0], grad
print(json.dumps({"backend": backend, "grad": grad}))
