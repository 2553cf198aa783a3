import json

import tensorflow as tf

g = tf.random.Generator.from_seed(0)
w1, w2 = tf.Variable(g.normal((16, 32))), tf.Variable(g.normal((32, 4)))


def predict(x):
    return tf.nn.relu(x @ w1) @ w2


fast = tf.function(predict, jit_compile=True)  # graph + XLA compilation
x = g.normal((8, 16))
eager, compiled = predict(x), fast(x)

assert compiled.shape == (8, 4)
assert bool(tf.reduce_all(tf.abs(eager - compiled) < 1e-4))
hlo = fast.experimental_get_compiler_ir(x)(stage="hlo")  # what XLA compiled
assert "dot" in hlo
print(json.dumps({"shape": compiled.shape.as_list(), "max_abs_diff": float(tf.reduce_max(tf.abs(eager - compiled)))}))
