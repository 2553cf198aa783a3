import json

import keras
import numpy as np


class Batches(keras.utils.PyDataset):
    """A backend-neutral input pipeline: Keras asks for batch i, you return arrays."""

    def __init__(self, x, y, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return -(-len(self.x) // self.batch_size)  # ceil

    def __getitem__(self, i):
        s = slice(i * self.batch_size, (i + 1) * self.batch_size)
        return self.x[s], self.y[s]


keras.utils.set_random_seed(0)
x = np.arange(100, dtype="float32").reshape(50, 2) / 100
y = np.arange(50, dtype="float32").reshape(50, 1) / 50
data = Batches(x, y, batch_size=16)
batch_sizes = [len(data[i][0]) for i in range(len(data))]

model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
history = model.fit(data, epochs=2, verbose=0)

assert batch_sizes == [16, 16, 16, 2]
assert len(history.history["loss"]) == 2
print(json.dumps({"batch_sizes": batch_sizes, "steps_per_epoch": len(data)}))
