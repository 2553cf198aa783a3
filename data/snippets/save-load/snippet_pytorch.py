import json
import os
import tempfile

import torch
from torch import nn


def make_model():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))


torch.manual_seed(0)
model = make_model()
x = torch.randn(5, 4)
path = os.path.join(tempfile.mkdtemp(), "model.pt")
torch.save(model.state_dict(), path)  # the weights, not the code

restored = make_model()  # the code rebuilds the architecture
restored.load_state_dict(torch.load(path, weights_only=True))

with torch.no_grad():
    assert torch.equal(model(x), restored(x))
print(json.dumps({"file_bytes": os.path.getsize(path), "outputs_equal": True}))
