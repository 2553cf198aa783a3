import json

import torch

torch.manual_seed(0)
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x**2).sum()  # y = sum(x^2)
y.backward()  # reverse-mode autodiff: fills x.grad with dy/dx = 2x

assert x.grad.tolist() == [2.0, 4.0, 6.0]
m = torch.randn(2, 3) @ torch.randn(3, 4)
assert m.shape == (2, 4)
print(json.dumps({"y": y.item(), "grad": x.grad.tolist(), "matmul_shape": list(m.shape)}))
