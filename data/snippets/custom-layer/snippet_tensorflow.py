import json

import tensorflow as tf


class Scale(tf.Module):
    """Multiplies each feature by a learned weight: y = x * w + b."""

    def __init__(self, features: int, name=None):
        super().__init__(name=name)
        self.w = tf.Variable(tf.ones(features), name="w")
        self.b = tf.Variable(tf.zeros(features), name="b")

    def __call__(self, x):
        return x * self.w + self.b


tf.random.set_seed(0)
layer = Scale(3)
x = tf.random.normal((2, 3))
out = layer(x)

assert out.shape == (2, 3)
assert bool(tf.reduce_all(out == x))  # initialised as the identity
names = sorted(v.name.split(":")[0] for v in layer.trainable_variables)  # tf.Module finds its variables
assert names == ["b", "w"]
print(json.dumps({"output_shape": out.shape.as_list(), "parameters": names}))
