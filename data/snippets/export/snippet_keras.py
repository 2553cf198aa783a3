import json
import os
import tempfile

import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(2)])
x = np.random.default_rng(0).normal(size=(3, 4)).astype("float32")
path = os.path.join(tempfile.mkdtemp(), "saved_model")
model.export(path, format="tf_saved_model")  # inference-only artifact for TF Serving / LiteRT conversion

reloaded = tf.saved_model.load(path)  # no Keras needed to run it
assert np.allclose(reloaded.serve(x).numpy(), model.predict(x, verbose=0), atol=1e-6)
print(json.dumps({"signatures": sorted(reloaded.signatures.keys()), "outputs_match": True}))
