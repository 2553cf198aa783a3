# The Keras Sequential CNN from seed 003 (via tensorflow.keras), unchanged, with its printed
# shape asserted and the warnings it raises recorded.
import json
import warnings

import tensorflow as tf
from tensorflow.keras import layers, models

tf.random.set_seed(0)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")

    def create_simple_cnn():
        model = models.Sequential()
        model.add(layers.Conv2D(32, (3, 3), activation='relu', input_shape=(28, 28, 1)))
        model.add(layers.MaxPooling2D((2, 2)))
        model.add(layers.Flatten())
        model.add(layers.Dense(10))
        return model

    # Usage
    model = create_simple_cnn()
    model.summary()
    input_tensor = tf.random.normal([64, 28, 28, 1])
    output = model(input_tensor)
    print(output.shape)  # Expected: (64, 10)

assert tuple(output.shape) == (64, 10)
shapes = [list(layer.output.shape) for layer in model.layers]
assert shapes[0] == [None, 26, 26, 32] and shapes[2] == [None, 5408]
messages = sorted({str(w.message).split(".")[0] for w in caught if "input_shape" in str(w.message)})
print(json.dumps({"output_shape": list(output.shape), "layer_shapes": shapes,
                  "keras_version": tf.keras.__version__, "input_shape_warnings": messages}))
