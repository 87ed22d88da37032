"""The judge's compiled training loop on JAX: a whole epoch is one compiled call, built once per architecture.

Trusted code, run inside the judge process when Keras runs on JAX. ``fit`` stays the reference
path (and the only path on TensorFlow and PyTorch); this loop keeps fit's training semantics and
drops its per-step overhead, which dominates the course's small models (600 steps of a 64-256-256-10
MLP: fit spends most of its time outside the arithmetic).

The semantics, defined once here and tested against ``fit`` (tests/autograder/test_training_loop.py):

* **One step is Keras's own** ``model.train_step``: the loss the model was compiled with plus every
  regularization loss of its layers, the optimizer's update, dropout and noise layers in training
  mode, batch-normalization statistics updated. Evaluation is ``model.test_step`` (inference mode).
* **Batches**: each epoch visits the training set in a fresh order (a permutation drawn from the run's
  seed and the epoch number), in batches of ``batch_size``; the last, smaller batch is kept and is a
  step of its own, as in ``fit``.
* **Per-epoch numbers**: ``loss`` and ``accuracy`` are the means over the epoch's samples as the
  model trained (what ``fit`` reports); ``val_loss`` and ``val_accuracy`` are measured after the
  epoch on the validation set in inference mode.
* **Early stopping** is :class:`keras.callbacks.EarlyStopping`'s rule: an epoch improves when it beats
  the best so far by more than ``min_delta``; training stops once ``patience`` epochs in a row have
  not (never at the first epoch); with ``restore_best_weights`` the best epoch's weights are put back
  at the end, whether or not training stopped early.

What differs from ``fit``: only the order of the samples (fit draws its permutation from the
backend's random state), so a run is not bit-identical to fit's with the same seed, while a run with
``shuffle=False`` is the same computation (the test compares the two epoch by epoch).
"""

from __future__ import annotations

import json
from collections import OrderedDict

MAX_KEPT = 24  # compiled trainers kept per process; a class of 35 students rarely has more architectures


class CompiledTrainer:
    """Train models of one architecture and one set of settings: compiled once, reused for every seed.

    Example (inside the judge, with ``KERAS_BACKEND=jax``)::

        trainer = CompiledTrainer(template=compiled_model, batch_size=16, n_train=1050)
        model = rebuild(spec)                           # this seed's initial weights (need not be compiled)
        history = trainer.fit(model, x, y, validation=(x_val, y_val), epochs=40, seed=7, stopping=None)
        trainer.evaluate(model, x_test, y_test)         # {"loss": ..., "accuracy": ...}
    """

    def __init__(self, *, template, batch_size: int, n_train: int):
        import jax

        self.template = template  # a compiled model of this architecture; its functions serve every seed
        self.n_train = n_train
        template._symbolic_build(data_batch=self._symbolic_batch(template))
        self.optimizer_start = [v.value for v in template.optimizer.variables]
        self.metrics_start = [v.value for v in template.metrics_variables]
        full, rest = divmod(n_train, batch_size)
        train_step, test_step = template.train_step, template.test_step

        def epoch(state, x, y, order):
            import jax.numpy as jnp

            trainable, non_trainable, optimizer_vars = state
            state = (trainable, non_trainable, optimizer_vars, self.metrics_start)
            batches = order[: full * batch_size].reshape(full, batch_size)

            def step(state, indices):
                logs, state = train_step(state, (jnp.take(x, indices, axis=0), jnp.take(y, indices, axis=0)))
                return state, logs

            logs = None
            if full:
                state, every = jax.lax.scan(step, state, batches)
                logs = jax.tree_util.tree_map(lambda values: values[-1], every)
            if rest:  # the last, smaller batch: one more step of its own shape, as fit takes it
                indices = order[full * batch_size:]
                logs, state = train_step(state, (jnp.take(x, indices, axis=0), jnp.take(y, indices, axis=0)))
            # The metrics were reset at the epoch's start, so the last step's logs are the epoch's means.
            return state[:3], logs

        def measure(state, x, y):
            trainable, non_trainable = state
            logs, _ = test_step((trainable, non_trainable, self.metrics_start), (x, y))
            return logs

        self._epoch = jax.jit(epoch)
        self._measure = jax.jit(measure)

    @staticmethod
    def _symbolic_batch(model):
        import numpy as np

        shape = (1,) + tuple(model.inputs[0].shape[1:])
        return np.zeros(shape, "float32"), np.zeros((1,), "int64")

    def fit(self, model, x, y, *, validation, epochs: int, seed: int, stopping: dict | None, shuffle: bool = True,
            perturb=None) -> dict:
        """Train ``model`` (its own initial weights) for up to ``epochs`` epochs; its final weights are set back in it.

        ``shuffle=False`` visits the samples in their order every epoch (the tests compare that with ``fit``).
        ``perturb(trainable, non_trainable)``, if given, makes each epoch's training inputs (same shape as
        ``x``) from the weights as they stand before it: adversarial training's attacked copies.

        Returns the history as ``fit`` gives it: ``{"loss": [...], "accuracy": [...], "val_loss": [...],
        "val_accuracy": [...]}``, one value per epoch trained.
        """
        import jax.numpy as jnp
        import numpy as np

        x, y = jnp.asarray(x), jnp.asarray(y)
        x_val, y_val = jnp.asarray(validation[0]), jnp.asarray(validation[1])
        state = _weights(model) + (self.optimizer_start,)
        history: dict[str, list[float]] = {"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": []}
        watch = _Stopping(stopping) if stopping else None
        for epoch in range(epochs):
            order = jnp.asarray(np.random.default_rng([seed, epoch]).permutation(self.n_train) if shuffle
                                else np.arange(self.n_train))
            inputs = x if perturb is None else jnp.asarray(perturb(state[0], state[1]))
            state, logs = self._epoch(state, inputs, y, order)
            val = self._measure(state[:2], x_val, y_val)
            for key, value in (("loss", logs["loss"]), ("accuracy", logs["accuracy"]),
                               ("val_loss", val["loss"]), ("val_accuracy", val["accuracy"])):
                history[key].append(float(value))
            if watch is not None and watch.after_epoch(epoch, history[watch.monitor][-1], state):
                break
        if watch is not None and watch.best_state is not None:
            state = watch.best_state
        for variable, value in zip(model.trainable_variables + model.non_trainable_variables, state[0] + state[1]):
            variable.assign(value)
        return history

    def evaluate(self, model, x, y) -> dict:
        """Loss and accuracy of ``model``'s current weights on ``x, y`` in inference mode, in one batch."""
        import jax.numpy as jnp

        logs = self._measure(_weights(model), jnp.asarray(x), jnp.asarray(y))
        return {"loss": float(logs["loss"]), "accuracy": float(logs["accuracy"])}


def _weights(model) -> tuple[list, list]:
    """A model's trainable and non-trainable values (seed-generator states included), as the steps take them."""
    return [v.value for v in model.trainable_variables], [v.value for v in model.non_trainable_variables]


class _Stopping:
    """keras.callbacks.EarlyStopping's rule, applied between compiled epochs."""

    def __init__(self, stopping: dict):
        self.monitor = stopping["monitor"]
        self.patience = stopping["patience"]
        self.restore = stopping["restore_best_weights"]
        self.lower_is_better = self.monitor == "val_loss"
        self.min_delta = abs(stopping["min_delta"])
        self.best = None
        self.best_state = None
        self.wait = 0

    def _improves(self, value: float) -> bool:
        if self.best is None:
            return True
        if self.lower_is_better:
            return value + self.min_delta < self.best
        return value - self.min_delta > self.best

    def after_epoch(self, epoch: int, value: float, state) -> bool:
        """Note an epoch's monitored value; True when training should stop."""
        if self.restore and self.best_state is None:
            self.best_state = state
        self.wait += 1
        if self._improves(value):
            self.best = value
            if self.restore:
                self.best_state = state
            self.wait = 0
            return False
        return self.wait >= self.patience and epoch > 0


_trainers: OrderedDict[str, CompiledTrainer] = OrderedDict()


def trainer_for(spec: dict, settings: dict, *, n_train: int, build) -> CompiledTrainer:
    """The compiled trainer of this architecture and these settings, built on first use (``build()``: a compiled model)."""
    key = json.dumps({"spec": spec, "settings": {k: settings[k] for k in sorted(settings) if k not in ("epochs", "early_stopping")}, "n": n_train}, sort_keys=True)
    if key in _trainers:
        _trainers.move_to_end(key)
        return _trainers[key]
    trainer = CompiledTrainer(template=build(), batch_size=settings["batch_size"], n_train=n_train)
    _trainers[key] = trainer
    while len(_trainers) > MAX_KEPT:
        _trainers.popitem(last=False)
    return trainer
