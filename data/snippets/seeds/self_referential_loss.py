# What the loss in seed 002 computes: softmax_cross_entropy_with_logits(labels=y, logits=y)
# where y is the network's softmax output. Ported to TF2 eager (the TF1 graph does not run,
# see tf1_session_placeholder.py); same layer sizes, synthetic data instead of MNIST.
import json
import math

import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)  # seeds Python, NumPy, TensorFlow and Keras initializers
rng = np.random.default_rng(0)
x = tf.constant(rng.normal(size=(256, 784)).astype("float32"))
true_labels = rng.integers(0, 10, size=256)

dense = tf.keras.layers.Dense(10, activation="softmax")  # y = tf.layers.dense(x, 10, softmax)
optimizer = tf.keras.optimizers.Adam(0.001)


def seed_loss():
    y = dense(x)
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=y))


initial = float(seed_loss())
losses = []
for step in range(300):  # minimize the seed's loss, as its optimizer line would
    with tf.GradientTape() as tape:
        loss = seed_loss()
    grads = tape.gradient(loss, dense.trainable_variables)
    optimizer.apply_gradients(zip(grads, dense.trainable_variables))
    losses.append(float(loss))

y = dense(x)
accuracy = float(np.mean(np.argmax(y.numpy(), axis=1) == true_labels))
max_prob = float(tf.reduce_mean(tf.reduce_max(y, axis=1)))
floor = -math.log(math.e / (math.e + 9))  # the value for a one-hot y, whatever the class

# The true labels never enter the loss: it is the cross-entropy of y with softmax(y).
assert floor - 1e-6 < losses[-1] < initial  # training lowers it towards the one-hot value, never to 0
assert losses[-1] - floor < 0.01
assert max_prob > 0.5  # ...by making outputs confident, of any class
assert accuracy < 0.25  # and accuracy on the labels stays near chance (0.1)
print(json.dumps({
    "initial_loss": round(initial, 4),
    "uniform_output_value_ln_10": round(math.log(10), 4),
    "loss_after_300_steps": round(losses[-1], 4),
    "one_hot_floor": round(floor, 4),
    "mean_max_probability": round(max_prob, 4),
    "accuracy_on_labels": round(accuracy, 4),
}))
