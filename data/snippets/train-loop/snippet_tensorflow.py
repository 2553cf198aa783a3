import json

import tensorflow as tf

tf.random.set_seed(0)
w_true = tf.constant([[2.0], [-3.0], [0.5]])
x = tf.random.normal((256, 3))
y = x @ w_true + 0.01 * tf.random.normal((256, 1))


class MLP(tf.Module):
    def __init__(self):
        self.w1 = tf.Variable(tf.random.normal((3, 16), stddev=0.5))
        self.b1 = tf.Variable(tf.zeros((16,)))
        self.w2 = tf.Variable(tf.random.normal((16, 1), stddev=0.5))
        self.b2 = tf.Variable(tf.zeros((1,)))

    def __call__(self, x):
        return tf.nn.relu(x @ self.w1 + self.b1) @ self.w2 + self.b2


model = MLP()
optimizer = tf.keras.optimizers.Adam(0.01)  # the optimizers live in Keras


@tf.function  # traced into a graph once, then run as a graph
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((model(xb) - yb) ** 2)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


data = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
losses = []
for epoch in range(5):
    for xb, yb in data:
        train_step(xb, yb)
    losses.append(round(float(tf.reduce_mean((model(x) - y) ** 2)), 6))

assert losses[-1] < losses[0] / 2, losses
print(json.dumps({"epoch_losses": losses}))
