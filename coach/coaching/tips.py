"""The coaching library: tips in English and Simplified Chinese, grouped in families.

Each tip is one habit with one concrete next action, something a person can do today or
tonight, not a platitude. The library is data: its text is written here in both languages
rather than through gettext, so a tip reads as a whole in either language. Codes are stable
(feedback and stored recommendations refer to them); change the text freely, never a code.
"""

from dataclasses import dataclass

from django.utils import translation

LANGUAGES = ("en", "zh-hans")


@dataclass(frozen=True)
class Family:
    code: str
    name: dict[str, str]

    def title(self) -> str:
        return self.name[current_language()]


@dataclass(frozen=True)
class Tip:
    code: str
    family: str
    title_text: dict[str, str]
    action_text: dict[str, str]

    def title(self) -> str:
        return self.title_text[current_language()]

    def action(self) -> str:
        return self.action_text[current_language()]


def current_language() -> str:
    return "zh-hans" if (translation.get_language() or "en").lower().startswith("zh") else "en"


FAMILIES = {
    family.code: family
    for family in (
        Family("sleep", {"en": "Sleep", "zh-hans": "睡眠"}),
        Family("meditation", {"en": "Meditation and breathing", "zh-hans": "冥想与呼吸"}),
        Family("goals", {"en": "Goal setting", "zh-hans": "设定目标"}),
        Family("digital", {"en": "Digital boundaries", "zh-hans": "数字边界"}),
        Family("workspace", {"en": "Workspace", "zh-hans": "学习环境"}),
        Family("people", {"en": "People and boundaries", "zh-hans": "他人与边界"}),
        Family("breaks", {"en": "Breaks and body", "zh-hans": "休息与身体"}),
        Family("first_step", {"en": "A tiny first step", "zh-hans": "迈出一小步"}),
        Family("planning", {"en": "Planning and single-tasking", "zh-hans": "计划与专注单一任务"}),
    )
}


def _tip(code, family, en_title, en_action, zh_title, zh_action) -> Tip:
    return Tip(code, family, {"en": en_title, "zh-hans": zh_title}, {"en": en_action, "zh-hans": zh_action})


TIPS = (
    # Sleep
    _tip(
        "sleep_phone_outside",
        "sleep",
        "Keep the phone out of the bedroom",
        "Tonight: the phone charges outside the bedroom, and an alarm clock wakes you.",
        "手机不进卧室",
        "今晚：把手机放在卧室外充电，用闹钟叫醒自己。",
    ),
    _tip(
        "sleep_fixed_wake",
        "sleep",
        "Wake at the same time every day",
        "Pick one wake-up time for the next seven days, weekends included, and set it now.",
        "每天同一时间起床",
        "为接下来七天（包括周末）定一个固定的起床时间，现在就设好闹钟。",
    ),
    _tip(
        "sleep_wind_down",
        "sleep",
        "A 30-minute wind-down",
        "Set a reminder 30 minutes before bed tonight: screens off, lights dim, read paper.",
        "睡前 30 分钟放松",
        "今晚在睡前 30 分钟设一个提醒：关掉屏幕，调暗灯光，看纸质书。",
    ),
    # Meditation and breathing
    _tip(
        "meditation_breathing",
        "meditation",
        "Breathe before you start",
        "Before your next session: five slow breaths, in for 4 counts and out for 6.",
        "开始前先呼吸",
        "下一次学习开始前：慢慢呼吸五次，吸气数 4 下，呼气数 6 下。",
    ),
    _tip(
        "meditation_worry_dump",
        "meditation",
        "Write the worry down",
        "When a worry comes back mid-session, write it in one line on a paper and go on; read it after.",
        "把担心写下来",
        "学习中担心的事又冒出来时，在纸上用一句话写下它，然后继续；结束后再看。",
    ),
    _tip(
        "meditation_ten_minutes",
        "meditation",
        "Ten minutes of meditation in the morning",
        "Tomorrow morning, before opening any app: sit for 10 minutes and count your breaths.",
        "早上冥想十分钟",
        "明天早上打开任何应用之前：坐下来十分钟，数自己的呼吸。",
    ),
    # Goal setting
    _tip(
        "goals_one_sentence",
        "goals",
        "Write the session's goal first",
        "Before the next session, write one sentence in the goal field: what will be finished.",
        "先写下本次目标",
        "下一次学习开始前，在目标栏写一句话：这次要完成什么。",
    ),
    _tip(
        "goals_small_enough",
        "goals",
        "A goal you can finish in one sitting",
        "Cut tomorrow's task until the first piece fits in 45 minutes, and make that the goal.",
        "一次能完成的目标",
        "把明天的任务切小，直到第一块能在 45 分钟内完成，把它作为目标。",
    ),
    _tip(
        "goals_check_off",
        "goals",
        "Close the loop",
        "At the end of every session today, mark the goal achieved or not before you stand up.",
        "给目标一个结果",
        "今天每次学习结束、起身之前，标记目标是否完成。",
    ),
    # Digital boundaries
    _tip(
        "digital_other_room",
        "digital",
        "Phone in another room",
        "Next session: put the phone in another room, on silent, before you start the timer.",
        "手机放到另一个房间",
        "下一次学习：开始计时前，把手机调成静音，放到另一个房间。",
    ),
    _tip(
        "digital_block_sites",
        "digital",
        "Block the three sites that pull you",
        "Today: add the three sites or apps you open most to a blocker for your study hours.",
        "屏蔽最分心的三个网站",
        "今天：把你最常打开的三个网站或应用加入屏蔽工具，在学习时段生效。",
    ),
    _tip(
        "digital_notifications_off",
        "digital",
        "Notifications off while you study",
        "Now: turn on Do Not Disturb for your study hours, with calls from favourites only.",
        "学习时关闭通知",
        "现在：为学习时段打开勿扰模式，只允许常用联系人来电。",
    ),
    # Workspace
    _tip(
        "workspace_clear_desk",
        "workspace",
        "Clear the desk",
        "Before the next session: only what this task needs stays on the desk; the rest goes in a box.",
        "清空桌面",
        "下一次学习前：桌上只留这项任务需要的东西，其余的放进箱子。",
    ),
    _tip(
        "workspace_noise",
        "workspace",
        "Bring your own quiet",
        "Next session: earplugs or noise-cancelling headphones with one steady sound, no lyrics.",
        "自带安静",
        "下一次学习：戴上耳塞或降噪耳机，只放一种稳定的声音，不听带歌词的音乐。",
    ),
    _tip(
        "workspace_second_place",
        "workspace",
        "Have a second place to study",
        "This week: find one quiet place besides home (a library, an empty classroom) and try it once.",
        "准备第二个学习地点",
        "这周：在家以外找一个安静的地方（图书馆、空教室），去试一次。",
    ),
    # People and boundaries
    _tip(
        "people_tell_them",
        "people",
        "Tell people when you are studying",
        "Today: tell the people around you your focus hours and when you will be free.",
        "告诉别人你的学习时间",
        "今天：告诉身边的人你的专注时段，以及你什么时候有空。",
    ),
    _tip(
        "people_sign",
        "people",
        "A sign on the door",
        "Next session: put up a 'studying until HH:MM' sign or status where people will see it.",
        "门上挂个牌子",
        "下一次学习：在别人能看到的地方挂上“学习到几点几分”的牌子或状态。",
    ),
    _tip(
        "people_batch_replies",
        "people",
        "Answer people in batches",
        "Pick two times today for replying to messages and calls; outside them, they wait.",
        "集中回复别人",
        "今天选两个固定时间回复消息和电话；其余时间让它们等一等。",
    ),
    # Breaks and body
    _tip(
        "breaks_move",
        "breaks",
        "Move between sessions",
        "After your next session: five minutes of walking or stretching before you sit again.",
        "两次学习之间动一动",
        "下一次学习结束后：先走动或拉伸五分钟，再坐下来。",
    ),
    _tip(
        "breaks_water_snack",
        "breaks",
        "Water and a snack within reach",
        "Before the next session: fill a bottle of water and put a snack on the desk.",
        "水和零食放在手边",
        "下一次学习前：装满一瓶水，在桌上放一份零食。",
    ),
    _tip(
        "breaks_length",
        "breaks",
        "Stop before focus fades",
        "Set your next session's timer to the length where your focus holds best, then take a break.",
        "在专注减弱前停下",
        "把下一次学习的计时设为你专注保持得最好的时长，到时就休息。",
    ),
    # A tiny first step
    _tip(
        "first_step_two_minutes",
        "first_step",
        "Two minutes only",
        "Now: open the task and work on it for just two minutes; stopping after that is allowed.",
        "只做两分钟",
        "现在：打开任务，只做两分钟；两分钟后可以停下。",
    ),
    _tip(
        "first_step_next_action",
        "first_step",
        "Name the very next action",
        'Write the first physical action of the task ("open the PDF at page 12") and do only that.',
        "写下最具体的下一步",
        "写下任务的第一个具体动作（“打开 PDF 翻到第 12 页”），只做这一步。",
    ),
    _tip(
        "first_step_rough_draft",
        "first_step",
        "Permission to be bad",
        "Next session: write a deliberately rough first version for 15 minutes; polish later.",
        "允许自己做得不好",
        "下一次学习：花 15 分钟故意写一个粗糙的初稿，之后再打磨。",
    ),
    # Planning and single-tasking
    _tip(
        "planning_best_hour",
        "planning",
        "Hard work at your best hour",
        "Tomorrow: put the hardest task in the hour where your focus has been highest.",
        "把难的任务放在状态最好的时段",
        "明天：把最难的任务安排在你专注度最高的那个时段。",
    ),
    _tip(
        "planning_one_tab",
        "planning",
        "One task, one window",
        "Next session: close every window and tab that is not for this one task.",
        "一次一个任务",
        "下一次学习：关掉与这一项任务无关的所有窗口和标签页。",
    ),
    _tip(
        "planning_three_tasks",
        "planning",
        "Three tasks for tomorrow",
        "Tonight: write tomorrow's three tasks in order; start the first one without re-deciding.",
        "为明天写三件事",
        "今晚：按顺序写下明天的三件事；明天直接从第一件开始，不再重新决定。",
    ),
)

TIPS_BY_CODE = {tip.code: tip for tip in TIPS}
