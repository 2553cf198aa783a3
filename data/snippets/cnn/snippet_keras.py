import json

import keras
import numpy as np

keras.utils.set_random_seed(0)
model = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),  # channels last: N, H, W, C
        keras.layers.Conv2D(8, 3, padding="same", activation="relu"),  # (N, 28, 28, 8)
        keras.layers.MaxPooling2D(2),  # (N, 14, 14, 8)
        keras.layers.Flatten(),  # (N, 1568)
        keras.layers.Dense(10),  # (N, 10)
    ]
)
shapes = [list(layer.output.shape) for layer in model.layers]  # symbolic shapes, batch is None
x = np.random.default_rng(0).normal(size=(4, 28, 28, 1)).astype("float32")
out = model(x)

assert shapes[0] == [None, 28, 28, 8]
assert shapes[1] == [None, 14, 14, 8]
assert tuple(out.shape) == (4, 10)
print(json.dumps({"shapes": shapes, "output_shape": list(out.shape), "params": model.count_params()}))
