import json

import tensorflow as tf

features = tf.reshape(tf.range(100, dtype=tf.float32), (50, 2))
labels = tf.range(50)
dataset = (
    tf.data.Dataset.from_tensor_slices((features, labels))
    .shuffle(buffer_size=50, seed=0)
    .map(lambda x, y: (x / 100.0, y), num_parallel_calls=tf.data.AUTOTUNE)
    .batch(16)
    .prefetch(tf.data.AUTOTUNE)  # overlap input preparation with training
)

batch_sizes, seen = [], []
for xb, yb in dataset:
    batch_sizes.append(int(xb.shape[0]))
    seen.extend(yb.numpy().tolist())

assert batch_sizes == [16, 16, 16, 2]
assert sorted(seen) == list(range(50))
assert seen != list(range(50))
print(json.dumps({"batch_sizes": batch_sizes}))
