import json

import torch
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
features = torch.arange(100, dtype=torch.float32).reshape(50, 2)
labels = torch.arange(50)
dataset = TensorDataset(features, labels)
loader = DataLoader(dataset, batch_size=16, shuffle=True, generator=torch.Generator().manual_seed(0))

batch_sizes, seen = [], []
for xb, yb in loader:
    batch_sizes.append(len(xb))
    seen.extend(yb.tolist())

assert batch_sizes == [16, 16, 16, 2]
assert sorted(seen) == list(range(50))  # every example once per epoch
assert seen != list(range(50))  # shuffled
print(json.dumps({"batch_sizes": batch_sizes}))
