import json

import tensorflow as tf

tf.random.set_seed(0)
w = tf.Variable(tf.random.normal((4, 1)))
b = tf.Variable(tf.zeros((1,)))
x, y = tf.random.normal((32, 4)), tf.random.normal((32, 1))


def loss_fn():
    return tf.reduce_mean((x @ w + b - y) ** 2)


before = float(loss_fn())
# one training step: record, differentiate, update the variables in place
with tf.GradientTape() as tape:
    loss = loss_fn()
grads = tape.gradient(loss, [w, b])
for var, g in zip([w, b], grads):
    var.assign_sub(0.1 * g)
after = float(loss_fn())

assert after < before
print(json.dumps({"loss_before": round(before, 6), "loss_after": round(after, 6)}))
