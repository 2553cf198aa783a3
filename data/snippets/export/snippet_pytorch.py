import json
import os
import tempfile

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)).eval()
x = torch.randn(3, 4)

# torch.export captures a full graph (no Python needed to run it); ExecuTorch and
# the ONNX exporter both start from this ExportedProgram.
program = torch.export.export(model, (x,))
path = os.path.join(tempfile.mkdtemp(), "model.pt2")
torch.export.save(program, path)

loaded = torch.export.load(path)
with torch.no_grad():
    assert torch.allclose(loaded.module()(x), model(x))
print(json.dumps({"artifact_bytes": os.path.getsize(path), "outputs_match": True}))
