// The module tree: every model in weeks 4–52 is a tree of Modules, and the tree alone gives the
// names of its tensors (torch's `state_dict` naming):
//
//   MLP (Sequential)                      namedParameters()
//     fc1: Linear   weight, bias     →    fc1.weight  fc1.bias
//     relu1: Activation
//     fc2: Linear   weight, bias     →    fc2.weight  fc2.bias
//
// A module lists its `members` in order: its own parameters (trainable), its own buffers (state
// that is saved but not trained, e.g. BatchNorm's running_mean / running_var) and its named
// children. The walk prefixes each child's names with "<child>." — so no layer builds a name by
// string surgery, and a checkpoint's keys are exactly the tree's names. The order of `members`
// is the order of `parameters` (gradient clipping sums in that order, so it is part of the
// numerics) and of checkpoints.
//
//   namedParameters()   trainable tensors, dotted names (torch's named_parameters)
//   namedBuffers()      buffers, dotted names (torch's named_buffers)
//   namedTensors()      both, in member order: what a checkpoint holds (torch's state_dict keys)
//   parameters          the parameters' Variables, for an optimizer
//   children, modules() direct children / the whole tree with dotted paths
//   parameterCount, zeroGrad()
//
// Training vs evaluation is not a per-module flag: it is one task-local switch, TrainingMode
// (TrainingMode.swift), read by the layers that behave differently (Dropout, BatchNorm, the
// transformer's dropout).
//
// What this file does not do: no hooks, no device placement, no parameter sharing detection (a
// tied tensor listed twice is saved twice).

import Shared

/// A named trainable tensor of a module (or a buffer, when it requires no gradient).
public struct Parameter {
    public let name: String
    public let value: Variable

    public init(name: String, value: Variable) {
        self.name = name
        self.value = value
    }

    public var requiresGrad: Bool { value.requiresGrad }
    public var shape: [Int] { value.shape }
}

/// One entry of a module: its own parameter or buffer, or a named submodule.
public enum ModuleMember {
    case parameter(String, Variable)
    case buffer(String, Variable)
    case child(String, any Module)
}

public protocol Module: AnyObject {
    /// Own parameters, own buffers and children, in checkpoint order.
    var members: [ModuleMember] { get }
}

public protocol Layer: Module {
    func callAsFunction(_ x: Variable) throws -> Variable
}

extension Module {
    /// Trainable tensors of the whole tree, "child.grandchild.name".
    public func namedParameters() -> [Parameter] { walk(prefix: "", parameters: true, buffers: false) }

    /// Buffers of the whole tree (saved, not trained).
    public func namedBuffers() -> [Parameter] { walk(prefix: "", parameters: false, buffers: true) }

    /// Parameters and buffers in member order: a checkpoint's tensors (torch's state_dict).
    public func namedTensors() -> [Parameter] { walk(prefix: "", parameters: true, buffers: true) }

    /// The Variables an optimizer updates.
    public var parameters: [Variable] { namedParameters().map(\.value) }

    /// Direct submodules with their names.
    public var children: [(name: String, module: any Module)] {
        members.compactMap { member in
            if case let .child(name, module) = member { return (name, module) }
            return nil
        }
    }

    /// This module ("") and every descendant, with its dotted path, parents before children.
    public func modules() -> [(name: String, module: any Module)] {
        var list: [(name: String, module: any Module)] = [("", self)]
        for child in children {
            list += child.module.modules().map { entry in
                (entry.name.isEmpty ? child.name : child.name + "." + entry.name, entry.module)
            }
        }
        return list
    }

    /// Total number of trainable scalars (buffers not counted).
    public var parameterCount: Int { namedParameters().reduce(0) { $0 + $1.value.value.count } }

    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    func walk(prefix: String, parameters: Bool, buffers: Bool) -> [Parameter] {
        var list: [Parameter] = []
        for member in members {
            switch member {
            case let .parameter(name, value) where parameters:
                list.append(Parameter(name: prefix + name, value: value))
            case let .buffer(name, value) where buffers:
                list.append(Parameter(name: prefix + name, value: value))
            case let .child(name, module):
                list += module.walk(prefix: prefix + name + ".", parameters: parameters, buffers: buffers)
            default:
                break
            }
        }
        return list
    }
}
