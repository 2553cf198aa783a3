import json

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 4))
compiled = torch.compile(model)  # TorchDynamo + Inductor: generates C++ on CPU

x = torch.randn(8, 16)
with torch.no_grad():
    eager, fast = model(x), compiled(x)

assert fast.shape == (8, 4)
assert torch.allclose(eager, fast, atol=1e-5)
print(json.dumps({"shape": list(fast.shape), "max_abs_diff": float((eager - fast).abs().max())}))
