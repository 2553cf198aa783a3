import json
import os
import tempfile

import tensorflow as tf


class MLP(tf.Module):
    def __init__(self):
        g = tf.random.Generator.from_seed(0)
        self.w1 = tf.Variable(g.normal((4, 8)))
        self.w2 = tf.Variable(g.normal((8, 2)))

    @tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])
    def __call__(self, x):
        return tf.nn.relu(x @ self.w1) @ self.w2


model = MLP()
x = tf.random.stateless_normal((3, 4), seed=(0, 0))
path = os.path.join(tempfile.mkdtemp(), "saved_model")
tf.saved_model.save(model, path)  # graph + variables: what TF Serving and the LiteRT converter read

reloaded = tf.saved_model.load(path)  # no Python class needed
assert bool(tf.reduce_all(tf.abs(reloaded(x) - model(x)) < 1e-6))
print(json.dumps({"outputs_match": True}))
