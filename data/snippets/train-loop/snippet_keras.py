import json

import keras
import numpy as np

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
w_true = np.array([[2.0], [-3.0], [0.5]], dtype="float32")
x = rng.normal(size=(256, 3)).astype("float32")
y = x @ w_true + 0.01 * rng.normal(size=(256, 1)).astype("float32")

model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
history = model.fit(x, y, batch_size=32, epochs=5, shuffle=False, verbose=0)
losses = [round(float(v), 6) for v in history.history["loss"]]

assert losses[-1] < losses[0] / 2, losses
print(json.dumps({"epoch_losses": losses}))
