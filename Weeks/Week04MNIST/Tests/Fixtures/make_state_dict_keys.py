# torch's state_dict() keys, in order, for the torch twins of the module trees of weeks 4-6.
# The Module-tree tests compare our namedTensors() names with these lists.
#   python3 Weeks/Week04MNIST/Tests/Fixtures/make_state_dict_keys.py   (needs torch)
# writes state_dict_keys.json into the Fixtures folders of weeks 4, 5 and 6.
import json
import os
from collections import OrderedDict

import torch
from torch import nn

here = os.path.dirname(os.path.abspath(__file__))
weeks = os.path.dirname(os.path.dirname(os.path.dirname(here)))


def keys(module):
    return list(module.state_dict().keys())


def write(week, models):
    path = os.path.join(weeks, week, "Tests", "Fixtures", "state_dict_keys.json")
    out = {"torch": torch.__version__, "models": {name: keys(m) for name, m in models.items()}}
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", path)


# Week 4: MLP.make(sizes: [784, 256, 128, 10])
mlp = nn.Sequential(OrderedDict([("fc1", nn.Linear(784, 256)), ("relu1", nn.ReLU()), ("fc2", nn.Linear(256, 128)),
                                 ("relu2", nn.ReLU()), ("fc3", nn.Linear(128, 10))]))
write("Week04MNIST", {"mlp_784_256_128_10": mlp})


# Week 5: Architecture.simple and Architecture.resnet (width 8)
class ConvReLUPool(nn.Conv2d):  # a conv whose forward also applies ReLU and pooling: the conv's own names
    pass


simple = nn.Sequential(OrderedDict([("input", nn.Unflatten(1, (1, 28, 28))), ("conv1", ConvReLUPool(1, 32, 3)),
                                    ("conv2", ConvReLUPool(32, 64, 3)), ("flatten", nn.Flatten()),
                                    ("fc1", nn.Linear(1600, 128)), ("relu3", nn.ReLU()), ("fc2", nn.Linear(128, 10))]))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))


w = 8
resnet = nn.Sequential(OrderedDict([("input", nn.Unflatten(1, (1, 28, 28))), ("conv1", nn.Conv2d(1, w, 3, 1, 1, bias=False)),
                                    ("bn1", nn.BatchNorm2d(w)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
                                    ("layer1", BasicBlock(w, w)), ("layer2", BasicBlock(w, 2 * w, 2)),
                                    ("layer3", BasicBlock(2 * w, 2 * w)), ("pool", nn.AdaptiveAvgPool2d(1)),
                                    ("fc", nn.Linear(2 * w, 10))]))
write("Week05CNN", {"simple": simple, "resnet_width_8": resnet})


# Week 6: CharLM(vocabularySize: 20, hiddenSize: 16) and Forecaster(window: 12, hiddenSize: 8)
class CharLM(nn.Module):
    def __init__(self, vocabulary, embedding, hidden):
        super().__init__()
        self.embedding = nn.Parameter(torch.zeros(vocabulary, embedding))
        self.cell = nn.LSTMCell(embedding, hidden)
        self.head = nn.Linear(hidden, vocabulary)


class Forecaster(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.gru = nn.GRUCell(1, hidden)
        self.head = nn.Linear(hidden, 1)


write("Week06Sequences", {"charlm": CharLM(20, 32, 16), "forecaster": Forecaster(8), "lstm_cell": nn.LSTMCell(3, 5)})
