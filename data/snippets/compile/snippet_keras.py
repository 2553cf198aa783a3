import json

import keras
import numpy as np

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x, y = rng.normal(size=(64, 16)).astype("float32"), rng.normal(size=(64, 4)).astype("float32")


def make_model():
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input(shape=(16,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(4)])


eager = make_model()
eager.compile(optimizer="sgd", loss="mse", run_eagerly=True)
compiled = make_model()
# jit_compile: XLA on the TensorFlow and JAX backends, torch.compile on torch
compiled.compile(optimizer="sgd", loss="mse", jit_compile=True)

a = eager.fit(x, y, epochs=2, batch_size=16, shuffle=False, verbose=0).history["loss"]
b = compiled.fit(x, y, epochs=2, batch_size=16, shuffle=False, verbose=0).history["loss"]

assert np.allclose(a, b, atol=1e-4), (a, b)
print(json.dumps({"eager_losses": [round(v, 5) for v in a], "compiled_losses": [round(v, 5) for v in b]}))
