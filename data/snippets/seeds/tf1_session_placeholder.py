# The TensorFlow example from seed 002 ("TensorFlow vs PyTorch: A Comprehensive Comparison"),
# copied unchanged up to its training loop (which also needs an undefined `mnist` object).
# Run on TensorFlow 2.x it is expected to stop at the first line that uses a TF1-only API.
import tensorflow as tf
# Create a TensorFlow session
sess = tf.Session()
# Define a simple neural network
x = tf.placeholder(tf.float32, shape=[None, 784])
y = tf.layers.dense(x, units=10, activation=tf.nn.softmax)
# Compile the model
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=y))
optimizer = tf.train.AdamOptimizer(learning_rate=0.001).minimize(loss)
