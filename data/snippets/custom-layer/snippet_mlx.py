import json

import mlx.core as mx
import mlx.nn as nn


class Scale(nn.Module):
    """Multiplies each feature by a learned weight: y = x * w + b."""

    def __init__(self, features: int):
        super().__init__()
        self.w = mx.ones((features,))  # array attributes are the parameters
        self.b = mx.zeros((features,))

    def __call__(self, x):
        return x * self.w + self.b


mx.random.seed(0)
layer = Scale(3)
x = mx.random.normal((2, 3))
out = layer(x)

assert out.shape == (2, 3)
assert mx.array_equal(out, x).item()  # initialised as the identity
names = sorted(layer.trainable_parameters().keys())
assert names == ["b", "w"]
print(json.dumps({"output_shape": list(out.shape), "parameters": names}))
