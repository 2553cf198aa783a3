import json
import os
import tempfile

import tensorflow as tf


class MLP(tf.Module):
    def __init__(self, seed):
        g = tf.random.Generator.from_seed(seed)
        self.w1 = tf.Variable(g.normal((4, 8)))
        self.w2 = tf.Variable(g.normal((8, 2)))

    def __call__(self, x):
        return tf.nn.relu(x @ self.w1) @ self.w2


model = MLP(0)
x = tf.random.stateless_normal((5, 4), seed=(0, 0))
prefix = os.path.join(tempfile.mkdtemp(), "ckpt")
path = tf.train.Checkpoint(model=model).write(prefix)  # variables only, matched by object path

restored = MLP(42)  # same structure, different weights
tf.train.Checkpoint(model=restored).read(path).assert_consumed()

assert bool(tf.reduce_all(restored(x) == model(x)))
print(json.dumps({"outputs_equal": True}))
