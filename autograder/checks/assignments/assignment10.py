"""Checks of assignment 10, "Adversarial examples".

``10.fgsm`` and ``10.pgd`` are attack checks (:mod:`autograder.checks.attacks`): the student's
function attacks the grader's target next to the student's code; the trusted side checks that the
images stay in [0, 1] and within eps of the originals, and measures its own copy of the target on
them. Thresholds measured over 20 groups of held-out digits in docs/validity.md.
``10.linear`` is a number worked out by hand: eps times the sum of |w| (0.1 * 64 * 0.5 = 3.2);
every usual slip (eps * |w| for one pixel 0.05, eps * 64 = 6.4, the L2 bound 0.4) is off by more
than 0.1. ATOL = 1e-6.
``10.robust`` is a training check: the grader trains the target's network with the student's
settings (FGSM adversarial training, ``autograder.model_judge.train``) and attacks the result with
its own FGSM; thresholds measured in docs/validity.md.
"""

from autograder.checks.kinds import ArrayCheck, AttackCheck, TrainingCheck

CHECKS = [
    AttackCheck(
        "10.fgsm", "fgsm(model, x, y, eps) on the grader's target and held-out digits",
        "The loss rises fastest, for a budget on every pixel, when each pixel moves by the whole budget in the "
        "direction its gradient points: the sign of the gradient with respect to the input (not the weights), "
        "times eps. A step down the gradient lowers the loss instead; the raw gradient, scaled by eps, moves "
        "most pixels far less than eps.",
    ),
    AttackCheck(
        "10.pgd", "pgd(model, x, y, eps, steps, step_size) on the grader's target and held-out digits",
        "Each step starts from where the last one left the images and takes the gradient there, anew. After "
        "every step, put each pixel back within eps of its original value, and into [0, 1]: several steps "
        "would otherwise walk past the budget.",
    ),
    ArrayCheck(
        "10.linear", "largest_change",
        "Each pixel can move the score by eps times its weight's size, in the direction of the weight's sign, "
        "and the 64 changes all add up: the largest change is eps times the sum of the weights' sizes.",
        value=True, atol=1e-6,
    ),
    TrainingCheck(
        "10.robust", "build_robust_model() trained by the grader with robust_settings, then attacked by its FGSM",
        "A network is fooled where its loss rises steeply within the budget. Training on attacked copies made with "
        "a budget like the attack's (about 0.1) flattens the loss there; a budget of 0 trains on clean copies only, "
        "and a budget far past the attack's erases the digits the network must learn.",
    ),
]
