import json

import mlx.core as mx


def f(x):
    return mx.sum(x**2)  # y = sum(x^2)


x = mx.array([1.0, 2.0, 3.0])
y, grad = mx.value_and_grad(f)(x)  # function transformations, as in JAX

assert grad.tolist() == [2.0, 4.0, 6.0]
mx.random.seed(0)
m = mx.random.normal((2, 3)) @ mx.random.normal((3, 4))  # lazy: computed when read
assert m.shape == (2, 4)
print(json.dumps({"y": y.item(), "grad": grad.tolist(), "matmul_shape": list(m.shape)}))
