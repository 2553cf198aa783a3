import json
import os
import tempfile

import keras
import numpy as np

keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(2)])
x = np.random.default_rng(0).normal(size=(5, 4)).astype("float32")
path = os.path.join(tempfile.mkdtemp(), "model.keras")
model.save(path)  # architecture + weights in one zip file, readable by every backend

restored = keras.saving.load_model(path)
assert np.array_equal(model.predict(x, verbose=0), restored.predict(x, verbose=0))
print(json.dumps({"file_bytes": os.path.getsize(path), "outputs_equal": True}))
