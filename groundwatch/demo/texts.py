"""The demo mission's incoming reports, written for groundwatch.

The public facts (dates, places, quantities attributed to governments and agencies) follow news reporting
of September 2023 on Nagorno-Karabakh. The wording is our own. Monitors' field notes, the partner update,
the interview, the social media post, the open-source check and every figure in them are invented for the
demo, and so is everyone described in them: no text here names a private person.
"""

from __future__ import annotations

AZ_OPERATION_STARTS = """\
Summary of an announcement by Azerbaijan's defence ministry, 19 September 2023, translated by the mission.

The ministry said its forces had started what it called local counter-terrorism measures in the Karabakh \
economic region on the morning of 19 September. It named positions and equipment of the Armenian armed \
formations as the targets and stated that civilians and civilian infrastructure were not being targeted. \
Residents were told to keep away from military sites; the ministry said corridors and reception points \
had been prepared for anyone who wished to leave the area of the operation. No casualty figures were given.
"""

AZ_CEASEFIRE = """\
Summary of a statement by the Azerbaijani presidential administration, 20 September 2023, translated by \
the mission.

According to the statement, representatives of the Armenian residents of Karabakh agreed through the \
Russian peacekeeping command to stop fighting from 13:00 local time on 20 September. The Armenian armed \
formations are to lay down their arms, leave their combat positions and be disbanded, and their heavy \
equipment is to be handed over. Talks with the residents' representatives on reintegration were announced \
for the following day in the town of Yevlakh.
"""

RU_HANDOVER_BRIEFING = """\
Summary of a Russian defence ministry briefing, 23 September 2023, translated by the mission.

The ministry said its peacekeeping contingent in Karabakh, numbering about 2,000 troops, keeps working \
with both sides on carrying out the terms of the ceasefire. By Saturday, it said, 22,000 rounds of \
ammunition, six armoured vehicles, more than 800 small arms, anti-tank weapons and man-portable \
air-defence systems had been surrendered to the peacekeepers by the Karabakh Armenian formations. The \
ministry added that Russian units had brought over 50 tonnes of food and other relief goods to the \
population of Karabakh.
"""

NEWS_UN_APPEAL = """\
YEREVAN, 24 September — Armenia on Saturday urged the United Nations to dispatch an inter-agency mission \
to Nagorno-Karabakh without delay, arguing that an independent presence was needed to watch over human \
rights, humanitarian conditions and security after last week's fighting.

The appeal came four days after Azerbaijan halted a military offensive it had opened on 19 September, once \
the Karabakh Armenian leadership agreed on 20 September to a ceasefire under which its forces would disarm. \
Karabakh Armenian officials put the death toll from the fighting at about 200, with some 400 wounded. Many \
of the region's ethnic Armenian residents say they fear reprisals under Azerbaijani rule.

Speaking at the UN in New York, Azerbaijan's foreign minister said his government wanted to move ahead \
with reintegrating the region and with living side by side.

A Red Cross convoy set off towards Karabakh on Saturday, the first to travel there since the offensive \
began, while thousands of residents were reported to be going without food.

Moscow said Russian units had delivered food and other supplies weighing more than 50 tonnes. Russia, which \
keeps some 2,000 peacekeepers in the region, also said the Karabakh forces had given up armoured vehicles, \
small arms, anti-tank weapons, shoulder-fired air-defence missiles and 22,000 rounds of ammunition by \
Saturday. A photograph from the agency showed a Russian soldier at the peacekeepers' post on the road \
between Aghdam and Khankendi.

The Armenian government says it is ready to take in tens of thousands of people from Karabakh and has \
lined up hotel rooms close to the border, although the prime minister has said he hopes residents can \
stay in their homes.
"""

AM_MINISTER_AT_UN = """\
Summary of the address by Armenia's foreign minister to the UN General Assembly, 23 September 2023, \
prepared by the mission from the published transcript.

The minister asked the international community to do everything it can so that the United Nations sends \
an inter-agency mission to Nagorno-Karabakh straight away. Its task, he said, should be to observe and \
assess the situation on the ground in three areas: human rights, humanitarian needs and security. He said \
the people of Nagorno-Karabakh were living in fear after the operation of 19 September.
"""

AZ_MINISTER_AT_UN = """\
Summary of the address by Azerbaijan's foreign minister to the UN General Assembly, 23 September 2023, \
prepared by the mission from the published transcript.

The minister said the measures of 19 and 20 September had been limited in scope and were over. Azerbaijan, \
he said, would keep working towards peace-building after the conflict, the reintegration of the Armenian \
residents of Karabakh as equal citizens, and peaceful coexistence. He stated that the rights of these \
residents would be guaranteed under Azerbaijan's constitution.
"""

ICRC_CONVOY = """\
Operational update, 23 September 2023 (summary prepared by the mission).

An ICRC convoy with food, hygiene items and medical supplies set out today for Nagorno-Karabakh by way of \
the Lachin corridor and the Hakari bridge crossing. It is the first humanitarian convoy to head for the \
region since the hostilities of 19 September. ICRC teams inside Karabakh report that many families have \
had no regular access to food for days, and that medicines and fuel are running short.
"""

SOCIAL_MEDIA_POST = """\
Copied into groundwatch by a monitor on 22 September 2023 at 21:40 UTC. The account posting it has no \
history before September 2023.

"Heavy shelling in Stepanakert tonight despite the so-called ceasefire!!! Dozens dead in the centre, the \
whole city is burning. Share before they delete it." The post carries a 40-second video.
"""

OPEN_SOURCE_CHECK = """\
Open-source check of the post of 22 September, 23 September 2023.

The video attached to the post was compared with archived material: the same clip, showing the same \
street corner and the same damaged building, was published online in October 2020 during the previous \
war. Shadows in the clip put the filming in daylight, while the post speaks of shelling at night. No other \
account, agency or partner reports artillery fire on Khankendi on 22 September, and the mission's contacts \
in the city described that night as quiet.
"""

FIELD_NOTE_KORNIDZOR = """\
Field note, Kornidzor reception point, 24 September 2023, 16:00–22:30. Two mission monitors on the road \
coming down from the Hakari bridge checkpoint.

The first cars from Karabakh came down from the bridge shortly after 16:00. By 22:30 we had counted at \
least 90 cars and four buses; Armenian officials at the registration tent told us just over 1,000 people \
had been registered since the afternoon. Most arrivals are women, children and older people. Several said \
they had waited at the Azerbaijani checkpoint for six to eight hours while documents and luggage were \
searched, and three families told us that the men in their cars were questioned separately. Volunteers \
handed out water, bread and blankets. There is no shelter at the point itself; families are being sent \
on to Goris.
"""

FIELD_NOTE_GORIS = """\
Field note, Goris, 25 September 2023. Visit to the municipal reception centre and three hotels.

The municipality has turned hotels, guesthouses and a school gym into temporary lodging; staff showed us \
a list of about 1,400 beds, most of them already taken by late afternoon. Arrivals are registered by the \
migration service and offered free transport to other provinces or to Yerevan. Staff estimate that about \
4,500 people passed through the town during the day. Needs raised with us: baby food, insulin and \
blood-pressure medicine, and psychosocial support for people who have not slept for two days. Some \
families are sleeping in their cars in the main square so they can wait for relatives still on the road.
"""

PARTNER_UPDATE = """\
Partner update no. 3, 26 September 2023, Syunik humanitarian coordination cell.

Arrivals: government registration figures passed 28,000 people by Tuesday evening, up from about 6,600 \
on Monday morning. Most people cross at the Hakari bridge, register at Kornidzor and move on through Goris.
Food: partners handed out 3,200 family food kits in Goris and Kornidzor on 25–26 September.
Health: 450 medical kits went to the Kornidzor first-aid post and the Goris hospital.
Transport: buses run all day from Goris to Yerevan and other provinces; 1,900 households had been taken \
to Yerevan by Tuesday night.
Gaps: winter clothing, medicines for chronic illness, and lodging outside Syunik.
"""

BROADCASTER_FEED = """\
26 September 2023. Lines of cars, lorries and tractors loaded with belongings filled the mountain road \
out of Nagorno-Karabakh on Monday and Tuesday as residents headed for Armenia through the Lachin corridor. \
Armenian officials said more than 6,000 had crossed by Monday morning, most of them over the Hakari \
bridge, after the road opened for departures on Sunday. At Kornidzor, the first village on the Armenian \
side, volunteers put up tents to register the new arrivals and serve hot meals. Many of those arriving \
said they did not expect to go back.
"""

INTERVIEW_NOTE = """\
Interview note, Goris, 28 September 2023. Interviewee SRC-031, a relative of the person concerned, met in \
a collective centre. Consent given for use inside the mission only; not for publication.

The interviewee crossed the Hakari bridge checkpoint with her family on 27 September at about 11:00. At \
the Azerbaijani post, border guards compared the passports of the men in the car with a list on a tablet. \
Her brother-in-law, a man in his late fifties who once worked in a district administration in Karabakh \
(referred to here as Person A-07), was told to step out and was led into a building next to the post. The \
family was ordered to drive on. Nobody told them where he would be taken or why. They have had no contact \
with him since; his phone is switched off. The interviewee has asked the ICRC to trace him.
"""

BORDER_SERVICE_STATEMENT = """\
Summary of a statement by Azerbaijan's State Border Service, 27 September 2023, translated by the mission.

The service said its officers at the Lachin border checkpoint had detained a man travelling towards \
Armenia because he was wanted on criminal charges, and had handed him over to the investigating \
authorities. The material seen by the mission does not name him. According to the statement, other \
residents leaving Karabakh were passing the checkpoint without hindrance.
"""

POST_CAPTURE = b"""\
{"captured_by": "mission monitor", "captured_at": "2023-09-22T21:40:00Z", "platform": "demo",
 "note": "Placeholder for the captured post and video. The demo ships no real media."}
"""

ALL_TEXTS: dict[str, str] = {
    name: value for name, value in globals().items() if name.isupper() and isinstance(value, str)
}
