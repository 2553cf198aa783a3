# The PyTorch SimpleCNN from seed 003, unchanged, with its printed shape asserted.
import json

import torch
import torch.nn as nn


class SimpleCNN(nn.Module):
    def __init__(self):
        super(SimpleCNN, self).__init__()
        self.conv1 = nn.Conv2d(1, 32, kernel_size=3, stride=1, padding=1)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.fc1 = nn.Linear(32 * 14 * 14, 10)  # Assuming 28x28 input image

    def forward(self, x):
        x = self.conv1(x)
        x = self.relu(x)
        x = self.pool(x)
        x = torch.flatten(x, 1)  # Flatten all dimensions except batch
        x = self.fc1(x)
        return x


torch.manual_seed(0)
# Usage
model = SimpleCNN()
input_tensor = torch.randn(64, 1, 28, 28)  # A batch of 64 grayscale images
output = model(input_tensor)
print(output.shape)  # Expected: torch.Size([64, 10])

pooled = model.pool(model.relu(model.conv1(input_tensor)))
assert output.shape == torch.Size([64, 10])
print(json.dumps({"output_shape": list(output.shape), "pooled_shape": list(pooled.shape)}))
