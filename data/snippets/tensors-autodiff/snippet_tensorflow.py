import json

import tensorflow as tf

tf.random.set_seed(0)
x = tf.Variable([1.0, 2.0, 3.0])
with tf.GradientTape() as tape:  # records operations on watched variables
    y = tf.reduce_sum(x**2)
grad = tape.gradient(y, x)

assert grad.numpy().tolist() == [2.0, 4.0, 6.0]
m = tf.random.normal((2, 3)) @ tf.random.normal((3, 4))
assert m.shape == (2, 4)
print(json.dumps({"y": float(y), "grad": grad.numpy().tolist(), "matmul_shape": m.shape.as_list()}))
