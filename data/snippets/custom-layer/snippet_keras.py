import json

import keras
import numpy as np
from keras import ops


class Scale(keras.layers.Layer):
    """Multiplies each feature by a learned weight: y = x * w + b."""

    def build(self, input_shape):  # weights are created once the input size is known
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="w")
        self.b = self.add_weight(shape=(input_shape[-1],), initializer="zeros", name="b")

    def call(self, x):
        return x * self.w + self.b  # keras.ops / operators: runs on every backend


layer = Scale()
x = np.random.default_rng(0).normal(size=(2, 3)).astype("float32")
out = layer(x)

assert tuple(out.shape) == (2, 3)
assert np.array_equal(ops.convert_to_numpy(out), x)  # initialised as the identity
names = [w.name for w in layer.weights]
assert names == ["w", "b"]
print(json.dumps({"output_shape": list(out.shape), "parameters": names}))
