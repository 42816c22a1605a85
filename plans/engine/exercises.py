"""The home exercise programme: the contract's 22 exercises as data.

Each exercise has a plain name, the regions it serves, what it is for, steps a client can follow
alone at home, a default dose, how to make it harder or easier, and the cautions that rule it
out, what the client should feel and when to make it easier or stop. The texts are
client-facing: plain words, no jargon, nothing to frighten (KNGF advises against threatening
language). Which exercises a plan carries, and at what dose, is decided by
the exercise rules in `rules.py`.

Ruled out (plan contract, "Exercises each caution rules out"; clinical-rules.md, "The home
exercise programme"): loaded spinal flexion with `osteoporosis` or `steroid_use`; lying on the
back for long with `pregnancy` (treated as possibly past mid-pregnancy); end-range neck stretches
with `nerve_root_signs` (the contract asks this with a neck region; the engine applies it to any
nerve root signs); everything but gentle range of motion with `severe_pain`.
"""

from dataclasses import dataclass

from . import vocabulary as v

UPPER = ("neck", "shoulder", "upper_back")
LOWER = ("mid_back", "lower_back", "sacrum_buttock")
ALL_REGIONS = v.REGION


@dataclass(frozen=True)
class Dose:
    """How much: `sets` of `reps` repetitions, or of a hold of `hold_seconds`, `per_day` times."""

    sets: int
    reps: int | None
    hold_seconds: int | None
    per_day: int

    def __post_init__(self):
        if self.sets < 1 or self.per_day < 1:
            raise ValueError("a dose needs at least one set a day")
        if self.reps is None and self.hold_seconds is None:
            raise ValueError("a dose needs repetitions or a hold time")

    def gentle(self):
        """A gentler start (acute or severe pain): one set, half the repetitions or hold."""
        return Dose(
            sets=1,
            reps=None if self.reps is None else min(self.reps, max(5, self.reps // 2)),
            hold_seconds=None
            if self.hold_seconds is None
            else min(self.hold_seconds, max(10, self.hold_seconds // 2)),
            per_day=self.per_day,
        )

    def as_item(self):
        return {
            "sets": self.sets,
            "reps": self.reps,
            "hold_seconds": self.hold_seconds,
            "per_day": self.per_day,
        }


@dataclass(frozen=True)
class Exercise:
    code: str
    name: str
    regions: tuple
    purpose: str
    steps: tuple
    dose: Dose
    progression: str
    regression: str
    ruled_out_by: tuple = ()  # cautions (given or derived) that rule it out
    feel: str = ""  # what the client should feel while doing it
    stop: str = ""  # when to make it easier or stop

    def __post_init__(self):
        if self.code not in v.EXERCISE:
            raise ValueError(f"unknown exercise {self.code!r}")
        if not set(self.regions) <= set(v.REGION) or not self.regions:
            raise ValueError(f"{self.code}: unknown regions {self.regions}")
        if not 3 <= len(self.steps) <= 6:
            raise ValueError(f"{self.code}: give 3 to 6 steps")
        if not self.feel or not self.stop:
            raise ValueError(f"{self.code}: say what the client should feel and when to stop")
        if not set(self.ruled_out_by) <= set(v.CAUTION):
            raise ValueError(f"{self.code}: unknown cautions {self.ruled_out_by}")
        gentle = self.code in v.GENTLE_EXERCISE
        if gentle == ("severe_pain" in self.ruled_out_by):
            raise ValueError(f"{self.code}: severe pain rules out exactly the non-gentle ones")

    @property
    def gentle(self):
        return self.code in v.GENTLE_EXERCISE


FLEXION = ("osteoporosis", "steroid_use")  # no loaded spinal flexion
LYING_ON_BACK = ("pregnancy",)
SEVERE = ("severe_pain",)

EXERCISES = {
    exercise.code: exercise
    for exercise in (
        Exercise(
            "pelvic_tilt",
            "Pelvic tilt against a wall",
            LOWER,
            "Gently moves the lower back and wakes up the tummy muscles.",
            (
                "Stand with your back against a wall, feet a small step away from it.",
                "Bend your knees a little and let your arms hang loose.",
                "Gently flatten the small of your back against the wall by tilting your pelvis.",
                "Hold for a breath, then let your back return to its normal curve.",
                "Keep breathing calmly the whole time.",
            ),
            Dose(2, 10, None, 2),
            "Hold each tilt for 5 seconds.",
            "Make the movement smaller and do fewer repetitions.",
            feel="A gentle tightening in your tummy and an easy movement in the lower back.",
            stop=(
                "Do smaller tilts if your back aches more than before; stop and tell us if the "
                "pain goes into your leg."
            ),
        ),
        Exercise(
            "knee_to_chest",
            "Knee to chest",
            LOWER,
            "Gently stretches the lower back and the buttock.",
            (
                "Lie on your back on a mat or your bed with both knees bent.",
                "Hold one knee with both hands and bring it slowly towards your chest.",
                "Stop where you feel a gentle stretch and hold it, breathing calmly.",
                "Lower the leg slowly and do the same with the other leg.",
            ),
            Dose(3, None, 20, 2),
            "Bring both knees up together.",
            "Bring the knee only halfway and hold it for a shorter time.",
            ruled_out_by=(*FLEXION, *LYING_ON_BACK),
            feel="A gentle stretch in your lower back or buttock.",
            stop=(
                "Bring the knee less far if the stretch turns into pain; stop and tell us if pain "
                "goes into your leg."
            ),
        ),
        Exercise(
            "cat_cow",
            "Cat and cow",
            (*LOWER, "upper_back"),
            "Moves the whole back gently, one part after another.",
            (
                "Kneel on all fours: hands under your shoulders, knees under your hips.",
                "Breathe out and slowly round your back up towards the ceiling, chin to chest.",
                "Breathe in and slowly let your tummy sink, looking a little forwards.",
                "Move slowly between the two, only as far as feels comfortable.",
            ),
            Dose(1, 10, None, 2),
            "Pause for a breath at each end of the movement.",
            "Make the movement smaller, or do it sitting on a chair with your hands on your knees.",
            feel="Your back moving easily, one part after another, with a light stretch.",
            stop=(
                "Make the movement smaller if it pinches; stop if the pain gets sharper or goes "
                "into a leg or an arm."
            ),
        ),
        Exercise(
            "child_pose",
            "Child's pose",
            LOWER,
            "Relaxes and gently stretches the back.",
            (
                "Kneel on a mat with your knees apart and your big toes touching.",
                "Sit back towards your heels.",
                "Walk your hands forwards and let your chest rest down towards the floor.",
                "Rest your forehead on the mat or on a cushion and breathe slowly.",
            ),
            Dose(3, None, 30, 1),
            "Walk your hands a little further forwards, or to one side to stretch your side.",
            "Put a firm cushion between your heels and buttocks and do not go down as far.",
            ruled_out_by=FLEXION,
            feel="A calm, gentle stretch along your back and between your shoulder blades.",
            stop=(
                "Come up slowly and use a pillow if the stretch turns into pain or your knees hurt."
            ),
        ),
        Exercise(
            "bird_dog",
            "Bird dog",
            LOWER,
            "Trains the muscles that keep the back steady while you move.",
            (
                "Kneel on all fours: hands under your shoulders, knees under your hips.",
                "Keep your back still and flat, like a table.",
                "Slowly stretch one arm forwards and the opposite leg backwards.",
                "Hold for a moment, then bring them back and switch sides.",
            ),
            Dose(2, 8, 5, 1),
            "Hold each stretch longer, up to 10 seconds.",
            "Move only one leg or one arm at a time.",
            ruled_out_by=SEVERE,
            feel="Your tummy and back muscles working to keep you steady; they may feel tired.",
            stop=(
                "Lift only an arm or only a leg if your back aches; stop if the pain gets sharper."
            ),
        ),
        Exercise(
            "glute_bridge",
            "Bridge",
            LOWER,
            "Strengthens the buttock and back muscles.",
            (
                "Lie on your back with your knees bent and your feet flat on the floor.",
                "Tighten your buttocks and lift your hips until your body forms a line.",
                "Hold for a moment and breathe.",
                "Lower your hips slowly back to the floor.",
            ),
            Dose(2, 10, None, 1),
            "Hold at the top for 5 seconds, or lift one foot a little off the floor.",
            "Lift your hips only a small way.",
            ruled_out_by=(*LYING_ON_BACK, *SEVERE),
            feel="Your buttock muscles working; some tiredness there is normal.",
            stop=(
                "Lift less high if your back aches; stop if you feel a sharp pain or a cramp that "
                "does not ease."
            ),
        ),
        Exercise(
            "dead_bug",
            "Dead bug",
            LOWER,
            "Trains the tummy muscles to keep the back steady.",
            (
                "Lie on your back with your knees bent up above your hips and your arms up.",
                "Keep the small of your back resting on the floor.",
                "Slowly lower one arm behind your head and the opposite leg towards the floor.",
                "Bring them back and switch sides. Keep breathing.",
            ),
            Dose(2, 8, None, 1),
            "Straighten the leg further as it goes down.",
            "Move only the arms, or only the legs.",
            ruled_out_by=(*LYING_ON_BACK, *SEVERE),
            feel="Your tummy muscles working while your back stays still on the floor.",
            stop=(
                "Move only your arms or only your legs if your back lifts or aches; stop if the "
                "pain gets sharper."
            ),
        ),
        Exercise(
            "side_plank_knees",
            "Side plank on the knees",
            LOWER,
            "Strengthens the muscles at the side of the trunk.",
            (
                "Lie on your side with your knees bent, resting on your forearm.",
                "Your elbow is right under your shoulder.",
                "Lift your hips so that your body forms a line from knees to head.",
                "Hold and breathe, then lower slowly. Do the same on the other side.",
            ),
            Dose(3, None, 15, 1),
            "Hold longer, up to 30 seconds, or straighten your legs.",
            "Hold for a shorter time, or lean against a wall standing up.",
            ruled_out_by=SEVERE,
            feel="The muscles at the side of your trunk working, and some tiredness there.",
            stop=(
                "Hold for a shorter time if your shoulder or back aches; stop if the pain gets "
                "sharper."
            ),
        ),
        Exercise(
            "hip_flexor_stretch",
            "Front of the hip stretch",
            LOWER,
            "Stretches the front of the hip, which gets tight from long sitting.",
            (
                "Kneel on one knee on a cushion, the other foot flat in front of you.",
                "Hold on to a chair for balance if you like.",
                "Keep your back straight and gently move your hips forwards.",
                "Stop where you feel a stretch at the front of the hip and hold it.",
                "Switch sides.",
            ),
            Dose(2, None, 30, 2),
            "Raise the arm on the side of the back knee over your head.",
            "Move your hips forwards only a little, or do it standing in a step position.",
            ruled_out_by=SEVERE,
            feel="A gentle stretch at the front of your hip and thigh.",
            stop=(
                "Move less far forwards if it pinches in your lower back; stop if pain goes into "
                "your leg."
            ),
        ),
        Exercise(
            "hamstring_stretch",
            "Back of the thigh stretch",
            LOWER,
            "Stretches the back of the thigh.",
            (
                "Sit near the front of a chair.",
                "Stretch one leg out in front of you, heel on the floor, toes up.",
                "Keep your back straight and lean forwards from your hips.",
                "Stop where you feel a stretch at the back of the thigh and hold it.",
                "Switch sides.",
            ),
            Dose(2, None, 30, 2),
            "Lean a little further forwards, keeping your back straight.",
            "Lean forwards less and bend the stretched knee slightly.",
            ruled_out_by=SEVERE,
            feel="A gentle stretch at the back of your thigh.",
            stop=(
                "Lean less far if the stretch turns into pain; stop if you feel tingling or pain "
                "running down the leg."
            ),
        ),
        Exercise(
            "piriformis_stretch",
            "Buttock stretch on a chair",
            ("lower_back", "sacrum_buttock"),
            "Stretches the deep muscles of the buttock.",
            (
                "Sit on a chair with both feet on the floor.",
                "Put one ankle on the opposite knee.",
                "Keep your back straight and lean forwards gently from your hips.",
                "Stop where you feel a stretch in the buttock and hold it.",
                "Switch sides.",
            ),
            Dose(2, None, 30, 2),
            "Press the raised knee gently downwards while you lean forwards.",
            "Rest the ankle lower on the shin instead of on the knee.",
            ruled_out_by=SEVERE,
            feel="A gentle stretch deep in your buttock.",
            stop=(
                "Lean less far if it turns into pain; stop if you feel tingling or pain running "
                "down the leg."
            ),
        ),
        Exercise(
            "lumbar_rotation_stretch",
            "Knee rolls",
            LOWER,
            "Gently turns and loosens the lower back.",
            (
                "Lie on your back with your knees bent and your feet on the floor.",
                "Keep your shoulders resting on the floor.",
                "Let both knees roll slowly to one side, only as far as is comfortable.",
                "Bring them back to the middle and roll to the other side.",
            ),
            Dose(1, 10, None, 2),
            "Roll a little further, or hold each side for a few breaths.",
            "Make the movement smaller.",
            ruled_out_by=(*FLEXION, *LYING_ON_BACK, *SEVERE),
            feel="An easy turning movement and a light stretch in your lower back.",
            stop="Roll the knees less far if it pinches; stop if pain goes into your leg.",
        ),
        Exercise(
            "walking",
            "Walking",
            ALL_REGIONS,
            "Keeps the whole body moving; regular walking helps most aches and pains settle.",
            (
                "Wear comfortable shoes.",
                "Walk at an easy pace, on flat ground to begin with.",
                "Let your arms swing freely and keep breathing comfortably.",
                "The dose is in minutes: walk for as long as the plan says.",
            ),
            Dose(1, None, 600, 2),
            "Walk a few minutes longer each week, or a little faster.",
            "Take shorter walks more often during the day.",
            feel="Warm and comfortably tired; a little stiffness afterwards is normal.",
            stop=(
                "Walk a shorter distance next time if your pain is clearly worse the next morning."
            ),
        ),
        Exercise(
            "chin_tuck",
            "Chin tuck",
            UPPER,
            "Trains the deep neck muscles and helps you hold your head upright.",
            (
                "Sit or stand tall and look straight ahead.",
                "Slide your chin straight back, as if making a double chin.",
                "Keep looking ahead: do not tip your head up or down.",
                "Hold for a moment, then relax.",
            ),
            Dose(2, 10, None, 3),
            "Hold each tuck for 5 seconds.",
            "Make the movement smaller and do fewer repetitions.",
            feel=(
                "A light effort at the front of your neck and a gentle stretch at the back of your "
                "head."
            ),
            stop=(
                "Make the movement smaller if it aches; stop if you feel dizzy or pain goes into "
                "your arm."
            ),
        ),
        Exercise(
            "neck_side_bend_stretch",
            "Neck side stretch",
            UPPER,
            "Stretches the side of the neck.",
            (
                "Sit tall on a chair and hold the seat with one hand.",
                "Slowly tip your head so that the other ear moves towards its shoulder.",
                "Stop where you feel a gentle stretch and hold it, breathing calmly.",
                "Bring your head back up slowly and switch sides.",
            ),
            Dose(2, None, 20, 2),
            "Rest the other hand lightly on your head, without pulling.",
            "Tip your head less far and hold for a shorter time.",
            ruled_out_by=("nerve_root_signs", *SEVERE),
            feel="A gentle stretch at the side of your neck.",
            stop=(
                "Tilt less far if the stretch turns into pain; stop if you feel tingling or pain "
                "in your arm."
            ),
        ),
        Exercise(
            "levator_scapulae_stretch",
            "Shoulder blade stretch for the neck",
            UPPER,
            "Stretches the muscle between the neck and the shoulder blade.",
            (
                "Sit tall on a chair and hold the seat with one hand.",
                "Turn your head a little to the other side and look down towards your armpit.",
                "Stop where you feel a gentle stretch and hold it, breathing calmly.",
                "Come back up slowly and switch sides.",
            ),
            Dose(2, None, 20, 2),
            "Rest the other hand lightly on the back of your head, without pulling.",
            "Look down less far and hold for a shorter time.",
            ruled_out_by=("nerve_root_signs", *SEVERE),
            feel="A gentle stretch between your neck and your shoulder blade.",
            stop=(
                "Bend less far if the stretch turns into pain; stop if you feel tingling or pain "
                "in your arm."
            ),
        ),
        Exercise(
            "shoulder_rolls",
            "Shoulder rolls",
            UPPER,
            "Loosens the shoulders and the upper back.",
            (
                "Sit or stand tall with your arms hanging loose.",
                "Lift both shoulders up towards your ears.",
                "Roll them back and down in a slow circle.",
                "Breathe calmly and keep the movement smooth.",
            ),
            Dose(2, 10, None, 3),
            "Make the circles bigger and slower.",
            "Make the circles smaller.",
            feel="Your shoulders loosening and getting warm.",
            stop="Make smaller circles if a shoulder clicks painfully or the pain gets worse.",
        ),
        Exercise(
            "scapular_retraction",
            "Shoulder blade squeeze",
            (*UPPER, "mid_back"),
            "Strengthens the muscles between the shoulder blades for an upright posture.",
            (
                "Sit or stand tall with your arms relaxed at your sides.",
                "Gently draw your shoulder blades back and down towards each other.",
                "Keep your shoulders away from your ears.",
                "Hold for a moment, then relax.",
            ),
            Dose(2, 10, None, 2),
            "Hold each squeeze for 5 seconds, or pull on a light elastic band.",
            "Squeeze more gently and do fewer repetitions.",
            feel="The muscles between your shoulder blades working.",
            stop="Squeeze more gently if your neck or shoulders tighten up or ache more.",
        ),
        Exercise(
            "doorway_pec_stretch",
            "Chest stretch in a doorway",
            ("shoulder", "upper_back", "neck"),
            "Stretches the chest muscles, which get tight from sitting forwards.",
            (
                "Stand in a doorway.",
                "Rest your forearms on the door frame, elbows at shoulder height.",
                "Take a small step forwards until you feel a stretch across your chest.",
                "Hold it and breathe calmly, then step back.",
            ),
            Dose(2, None, 30, 2),
            "Take a slightly bigger step forwards.",
            "Use one arm at a time, with the elbow lower.",
            ruled_out_by=SEVERE,
            feel="A gentle stretch across the front of your chest and shoulder.",
            stop="Step less far forwards if the stretch turns into pain; stop if your arm tingles.",
        ),
        Exercise(
            "thoracic_extension_chair",
            "Upper back bend over a chair",
            ("upper_back", "mid_back", "neck"),
            "Moves the upper back, which gets stiff from sitting bent forwards.",
            (
                "Sit on a chair with a backrest that reaches your shoulder blades.",
                "Put your hands behind your head to support it.",
                "Lean back gently over the top of the backrest.",
                "Come back up slowly to sitting upright.",
            ),
            Dose(2, 8, None, 2),
            "Hold each bend for a few breaths.",
            "Lean back only a little, or cross your arms over your chest instead.",
            ruled_out_by=SEVERE,
            feel="A gentle bend and stretch in your upper back.",
            stop=(
                "Bend less far if it pinches; stop if the pain gets sharper or goes around your "
                "ribs."
            ),
        ),
        Exercise(
            "wall_angels",
            "Wall angels",
            ("shoulder", "upper_back", "mid_back"),
            "Moves the shoulders and trains the upper back muscles.",
            (
                "Stand with your back against a wall, feet a small step away from it.",
                "Raise your arms to shoulder height with your elbows bent, back of the arms "
                "against the wall.",
                "Slowly slide your arms up the wall and down again.",
                "Only go as high as you can while staying in touch with the wall.",
            ),
            Dose(2, 8, None, 1),
            "Slide your arms higher and more slowly.",
            "Keep the movement small, or do it lying on your back on the floor.",
            ruled_out_by=SEVERE,
            feel="Your upper back muscles working and a stretch in your chest.",
            stop=(
                "Slide your arms less high if your shoulders pinch; stop if the pain gets sharper."
            ),
        ),
        Exercise(
            "isometric_neck",
            "Neck press",
            UPPER,
            "Strengthens the neck muscles without moving the neck.",
            (
                "Sit tall and look straight ahead.",
                "Place your palm against your forehead.",
                "Press your head gently into your hand without letting it move.",
                "Hold, then relax. Do the same with your hand at the back and at each side.",
            ),
            Dose(1, 5, 5, 2),
            "Press a little harder, or hold for 10 seconds.",
            "Press more gently.",
            feel="Your neck muscles working while your head stays still.",
            stop=(
                "Press more gently if your neck aches more; stop if you feel dizzy or get a "
                "headache."
            ),
        ),
    )
}
if tuple(EXERCISES) != v.EXERCISE:
    raise ValueError("exercises.py must describe every EXERCISE code, in vocabulary order")


def ruled_out(cautions):
    """The exercise codes that the given cautions (a set of codes) rule out."""
    return frozenset(code for code, e in EXERCISES.items() if cautions.intersection(e.ruled_out_by))
