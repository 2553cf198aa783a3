import json

import keras
import numpy as np

keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
rng = np.random.default_rng(0)
x, y = rng.normal(size=(32, 4)).astype("float32"), rng.normal(size=(32, 1)).astype("float32")

before = float(model.evaluate(x, y, verbose=0))
model.train_on_batch(x, y)  # one step on one batch; the same on every backend
after = float(model.evaluate(x, y, verbose=0))

assert after < before
print(json.dumps({"loss_before": round(before, 6), "loss_after": round(after, 6)}))
