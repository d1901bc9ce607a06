"""Stage 6: the coder — categories, who did what to whom, modality, agreements, sectors, dates."""
from __future__ import annotations

import pytest


def events(process, text, lang, date=None):
    return process(text, lang=lang, date=date).events


def one(process, text, lang, date=None, category=None):
    evs = [e for e in events(process, text, lang, date) if category is None or e.event_type == category]
    assert len(evs) == 1, [(e.event_type, e.actor, e.recipient, e.trigger) for e in evs]
    return evs[0]


@pytest.mark.parametrize("text, lang", [
    ("Turki mengecam Israel atas serangan itu.", "id"),
    ("Turkey condemned Israel over the raid.", "en"),
])
def test_active_voice(process, text, lang):
    ev = one(process, text, lang, category="ACCUSE")
    assert (ev.actor, ev.recipient) == (["TUR"], ["ISR"])


@pytest.mark.parametrize("text, lang", [
    ("Israel dikecam oleh Turki pada Senin.", "id"),
    ("Israel was condemned by Turkey on Monday.", "en"),
])
def test_passive_voice_swaps_roles(process, text, lang):
    ev = one(process, text, lang, category="ACCUSE")
    assert (ev.actor, ev.recipient) == (["TUR"], ["ISR"])


@pytest.mark.parametrize("text, lang", [
    ("Israel dan UEA menandatangani Abraham Accords di Washington.", "id"),
    ("Israel and the UAE signed the Abraham Accords.", "en"),
])
def test_coordinated_actors_are_one_event_with_an_agreement(process, text, lang):
    ev = one(process, text, lang, category="SUPPORT")
    assert sorted(ev.actor) == ["ARE", "ISR"] and ev.agreement == "abraham-accords" and ev.recipient == []


@pytest.mark.parametrize("text, lang", [
    ("Indonesia menjalin kerja sama dengan Kazakhstan di bidang energi, pertanian, dan teknologi.", "id"),
    ("Indonesia will cooperate with Kazakhstan on energy, agriculture and technology.", "en"),
])
def test_reciprocal_cooperation_lists_every_party_with_sectors(process, text, lang):
    ev = [e for e in events(process, text, lang) if e.event_type in ("COOPERATE", "AGREE")][0]
    assert sorted(ev.actor) == ["IDN", "KAZ"] and ev.recipient == []
    assert set(ev.sectors) == {"energy", "agriculture", "technology"}


def test_future_cooperation_is_agree(process):
    # PLOVER: promised cooperation is AGREE, and the promise is made now (no future aux)
    ev = one(process, "Kazakhstan akan bekerja sama dengan Israel di bidang air.", "id")
    assert ev.event_type == "AGREE" and ev.aux == []


def test_reported_would_is_future_not_hypothetical(process):
    ev = one(process, "Moscow said it would retaliate against the sanctions.", "en")
    assert ev.event_type == "THREATEN" and ev.aux == []
    ev = one(process, "Russia would retaliate if the sanctions were imposed.", "en")
    assert "hypothetical" in ev.aux


def test_possible_cooperation_is_hypothetical(process):
    ev = one(process, "Kazakhstan and Israel could cooperate on water security.", "en")
    assert ev.event_type == "COOPERATE" and ev.aux == ["hypothetical"]


@pytest.mark.parametrize("text, lang", [
    ("Indonesia tidak akan menormalisasi hubungan dengan Israel.", "id"),
    ("Indonesia will not normalise relations with Israel.", "en"),
])
def test_negation_is_kept(process, text, lang):
    ev = one(process, text, lang)
    assert "negation" in ev.aux and ev.event_type == "SUPPORT"


def test_not_only_is_no_negation(process):
    ev = one(process, "Kazakhstan tidak hanya bekerja sama dengan Israel.", "id")
    assert "negation" not in ev.aux


def test_background_is_historical_with_the_texts_date(process):
    ev = one(process, "Bahrain menandatangani Abraham Accords pada tahun 2020.", "id", date="2025-11-07")
    assert ev.aux == ["historical"] and ev.date == "2020" and ev.date_precision == "year"


def test_event_date_from_the_text_else_the_publication_date(process):
    ev = one(process, "Kazakhstan bergabung dengan Abraham Accords pada Kamis (6/11/2025).", "id", date="2025-11-07")
    assert (ev.date, ev.date_precision) == ("2025-11-06", "day")
    ev = one(process, "Kazakhstan joined the Abraham Accords.", "en", date="2025-11-07")
    assert (ev.date, ev.date_precision) == ("2025-11-07", "day")


def test_reported_speech_codes_the_reported_event(process):
    ev = one(process, "Trump said Kazakhstan would join the Abraham Accords.", "en", date="2025-11-06")
    assert ev.actor == ["KAZ"] and ev.agreement == "abraham-accords"


def test_both_countries_become_the_actors(process):
    evs = events(process, "Kazakhstan dan Israel bertemu di Astana. Kedua negara sepakat memperluas perdagangan.", "id")
    agree = [e for e in evs if e.event_type == "AGREE"]
    assert agree and sorted(agree[0].actor) == ["ISR", "KAZ"]


def test_quote_and_offsets_point_into_the_cleaned_text(process):
    doc = process("Cuaca cerah. Turki mengecam Israel. Harga naik.", lang="id")
    ev = doc.events[0]
    assert doc.text[ev.start:ev.end] == ev.quote == "Turki mengecam Israel."


def test_furniture_and_weather_produce_nothing(process):
    assert events(process, "Cuaca di Jakarta cerah berawan sepanjang hari. Suhu mencapai 33 derajat.", "id") == []
    assert events(process, "Subscribe to our newsletter. Cookie settings. Share this article.", "en") == []


def test_the_same_event_told_twice_is_one_record(process):
    text = "Kazakhstan mendukung Abraham Accords. Pada akhirnya, Kazakhstan mendukung Abraham Accords."
    assert len([e for e in events(process, text, "id") if e.event_type == "SUPPORT"]) == 1


def test_person_actor_and_country_resolution(process):
    ev = one(process, "Presiden Tokayev mengecam serangan terhadap Qatar.", "id", date="2025-09-10", category="ACCUSE")
    assert ev.actor == ["kassym-jomart-tokayev"] and ev.actor_countries == ["KAZ"]


@pytest.mark.parametrize("text, lang, category", [
    ("Miles de manifestantes marcharon el sábado en Caracas contra el Gobierno.", "es", "PROTEST"),
    ("El Gobierno de España condenó el ataque de Irán contra Israel.", "es", "ACCUSE"),
    ("وتظاهر آلاف المحتجين في بغداد ضد الحكومة.", "ar", "PROTEST"),
    ("قصفت الطائرات الإسرائيلية مواقع في غزة.", "ar", "ASSAULT"),
])
def test_third_and_fourth_languages_are_data(process, text, lang, category):
    assert category in {e.event_type for e in events(process, text, lang)}


@pytest.mark.parametrize("text, lang", [
    ("Georgian police detained twenty protesters outside parliament on Sunday.", "en"),
    ("Polisi Georgia menangkap dua puluh pengunjuk rasa di depan parlemen pada Minggu.", "id"),
])
def test_people_an_act_is_aimed_at_are_no_protest(process, text, lang):
    cats = [e.event_type for e in events(process, text, lang)]
    assert "COERCE" in cats and "PROTEST" not in cats


def test_people_named_by_their_protest_protest_when_they_act(process):
    cats = [e.event_type for e in events(process, "Thousands of protesters marched through Tbilisi on Sunday.", "en")]
    assert cats == ["PROTEST"]


def test_an_anaphoric_object_points_at_the_earlier_acts_authors(process):
    text = ("U.S. and British warplanes struck targets across Yemen on Friday. "
            "Iran condemned the strikes as a violation of Yemen's sovereignty.")
    ev = one(process, text, "en", category="ACCUSE")
    assert ev.actor == ["IRN"] and set(ev.recipient) == {"USA", "GBR"}


def test_an_anaphor_inside_a_pattern_points_back_too(process):
    text = ("Belarus freed a Lithuanian citizen on Thursday. "
            "Lithuania's foreign ministry welcomed the release.")
    ev = one(process, text, "en", category="SUPPORT")
    assert ev.actor == ["LTU"] and ev.recipient == ["BLR"]


def test_a_name_between_a_preposition_and_the_act_is_its_actor(process):
    text = "The strikes came after weeks of Houthi attacks on shipping."
    ev = one(process, text, "en", category="ASSAULT")
    assert ev.actor == ["houthis"]


@pytest.mark.parametrize("text, lang", [
    ("North Korea threatened to retaliate if the United States and South Korea hold joint drills next month.", "en"),
    ("Korea Utara mengancam akan membalas jika Amerika Serikat dan Korea Selatan tetap menggelar latihan gabungan.",
     "id"),
])
def test_a_threats_condition_names_whom_it_warns(process, text, lang):
    ev = one(process, text, lang, category="THREATEN")
    assert ev.actor == ["PRK"] and set(ev.recipient) == {"USA", "KOR"}


@pytest.mark.parametrize("text, lang", [
    ("Israel and Lebanon renewed negotiations on a troop pullback from Syria.", "en"),
    ("Israel dan Lebanon melanjutkan perundingan mengenai penarikan pasukan dari Suriah.", "id"),
])
def test_what_talks_are_about_is_no_party_to_them(process, text, lang):
    ev = one(process, text, lang, category="CONSULT")
    assert set(ev.actor) == {"ISR", "LBN"} and not ev.recipient


def test_a_later_between_belongs_to_its_own_act_when_the_parties_are_named(process):
    text = ("Sergey Lavrov and Hakan Fidan discussed grain shipments and a new exchange of prisoners "
            "between Russia and Ukraine.")
    ev = one(process, text, "en", category="CONSULT")
    assert set(ev.actor) == {"sergey-lavrov", "hakan-fidan"}


@pytest.mark.parametrize("text, lang", [
    ("Iran said it would not back down.", "en"),
    ("Iran menegaskan tidak akan tunduk pada tekanan Amerika Serikat.", "id"),
])
def test_a_refused_concession_is_a_refusal_to_yield(process, text, lang):
    evs = events(process, text, lang)
    assert [(e.event_type, e.mode, e.aux, e.actor) for e in evs] == [("REJECT", "yield", [], ["IRN"])]


def test_a_quoted_word_still_completes_a_pattern(process):
    ev = one(process, 'Moscow called the decision "hostile" on Tuesday.', "en")
    assert ev.event_type == "ACCUSE" and ev.actor == ["RUS"]


@pytest.mark.parametrize("text, lang", [
    ("Tokayev menyebut Indonesia sebagai mitra utama Kazakhstan di Asia Tenggara.", "id"),
    ("Tokayev described Indonesia as a key partner of Kazakhstan in Southeast Asia.", "en"),
])
def test_praise_as_a_partner_is_support_for_the_one_named_inside(process, text, lang):
    ev = one(process, text, lang, category="SUPPORT")
    assert ev.actor == ["kassym-jomart-tokayev"] and ev.recipient == ["IDN"]


@pytest.mark.parametrize("text, lang, category, aux", [
    ("Japan called the ban extremely regrettable.", "en", "ACCUSE", []),
    ("Jepang menyayangkan keputusan China melarang impor makanan laut.", "id", "ACCUSE", []),
    ("Javier Milei called Nicolas Maduro a dictator.", "en", "ACCUSE", []),
    ("Presiden Argentina Javier Milei menyebut Nicolas Maduro sebagai diktator.", "id", "ACCUSE", []),
    ("Talks between Russia and Saudi Arabia ended without a deal.", "en", "AGREE", ["negation"]),
    ("Perundingan Rusia dan Ukraina di Istanbul berakhir tanpa kesepakatan.", "id", "AGREE", ["negation"]),
])
def test_evaluations_and_failed_talks(process, text, lang, category, aux):
    ev = one(process, text, lang, category=category)
    assert ev.aux == aux and ev.actor


@pytest.mark.parametrize("text, lang", [
    ("Turkish President Recep Tayyip Erdogan warned on Wednesday that Ankara would launch a ground operation "
     "against the YPG in northern Syria.", "en"),
    ("Presiden Turki Recep Tayyip Erdogan pada Rabu memperingatkan bahwa Ankara akan melancarkan operasi darat "
     "terhadap YPG di Suriah utara.", "id"),
])
def test_a_warning_that_ones_own_state_will_act_threatens_the_target(process, text, lang):
    ev = one(process, text, lang, category="THREATEN")
    assert ev.actor == ["recep-tayyip-erdogan"] and ev.recipient == ["ypg"]


@pytest.mark.parametrize("text, lang", [
    ("FOOTBALL | Japan thrashed Germany 4-1 in a friendly on Saturday, attacking relentlessly. Germany's coach said "
     "his side would regroup before meeting France in the qualifying round.", "en"),
    ("Tim nasional Indonesia menang 2-0 atas Bahrain dalam laga uji coba. Kedua gol dicetak pada babak kedua "
     "setelah Indonesia terus menyerang pertahanan lawan.", "id"),
])
def test_a_match_report_is_no_war(process, text, lang):
    assert events(process, text, lang) == []


def test_fans_protesting_in_a_match_report_still_protest(process):
    text = ("Argentine fans protested outside the stadium against the football league's ruling, "
            "chanting against the coach after the qualifying match.")
    assert "PROTEST" in [e.event_type for e in events(process, text, "en")]


def test_between_allows_a_head_noun_after_a_name(process):
    ev = one(process, "A ceasefire between the Colombian government and the ELN took effect on Thursday.", "en")
    assert ev.event_type == "RETREAT" and set(ev.actor) == {"COL", "eln"}


def test_a_mediator_acts_on_the_parties_between_which_it_mediates(process):
    ev = one(process, "Oman mediated earlier rounds between Iran and the United States in 2021.", "en")
    assert ev.actor == ["OMN"] and set(ev.recipient) == {"IRN", "USA"}


def test_a_between_told_of_a_topic_names_no_parties(process):
    text = ("Israeli intelligence officials have shared evidence with the U.S. about contacts between "
            "al Qaeda and Iraq.")
    ev = one(process, text, "en", category="COOPERATE")
    assert set(ev.actor) == {"ISR", "USA"}


def test_names_coordinate_across_the_noun_they_modify(process):
    ev = one(process, "President Gustavo Petro's government and the ELN agreed to a truce in June.", "en")
    assert ev.event_type == "AGREE" and set(ev.actor) == {"gustavo-petro", "eln"}


def test_what_an_opposed_proposal_proposes_is_no_act(process):
    text = "Hungary and Germany opposed proposals to suspend parts of the bloc's trade agreement with Israel."
    assert [(e.event_type, sorted(e.actor)) for e in events(process, text, "en")] == [("REJECT", ["DEU", "HUN"])]


def test_the_two_heads_of_state_are_the_two_leaders_named(process):
    text = ("President Tokayev paid a state visit to Uzbekistan at the invitation of President Shavkat Mirziyoyev. "
            "The two heads of state held talks in narrow and expanded formats.")
    doc = process(text, lang="en", date="2024-08-22")
    assert sorted(m.id for m in doc.mentions if m.via == "coreference") == ["kassym-jomart-tokayev",
                                                                             "shavkat-mirziyoyev"]


def test_no_before_an_act_negates_it(process):
    ev = one(process, "Indonesia says there are no talks with Israel.", "en")
    assert ev.event_type == "CONSULT" and "negation" in ev.aux


@pytest.mark.parametrize("text, lang", [
    ("Pakistan rejected a fresh offer from Afghanistan for direct talks.", "en"),
    ("Pakistan menolak tawaran baru dari Afghanistan untuk perundingan langsung.", "id"),
])
def test_a_refused_offer_answers_whoever_made_it(process, text, lang):
    ev = one(process, text, lang, category="REJECT")
    assert ev.actor == ["PAK"] and ev.recipient == ["AFG"]


def test_an_act_in_an_earlier_month_is_background(process):
    ev = one(process, "Colombia and the ELN agreed to the truce in June.", "en", date="2023-08-03")
    assert ev.aux == ["historical"] and ev.date == "2023-06" and ev.date_precision == "month"


@pytest.mark.parametrize("text, lang", [
    ("Saudi Arabia will not establish diplomatic relations with Israel without a path to a Palestinian state.", "en"),
    ("Arab Saudi tidak akan menjalin hubungan diplomatik dengan Israel tanpa jalan menuju negara Palestina.", "id"),
])
def test_a_conditional_never_is_a_refusal(process, text, lang):
    ev = one(process, text, lang)
    assert (ev.event_type, ev.aux) == ("REJECT", []) and "SAU" in ev.actor + ev.actor_countries


def test_a_plain_will_not_stays_a_negated_plan(process):
    ev = one(process, "Putin will not travel to the BRICS summit in Johannesburg.", "en")
    assert ev.event_type == "CONSULT" and set(ev.aux) == {"future", "negation"}


@pytest.mark.parametrize("text, lang", [
    ("Sejak era Presiden Soekarno, Indonesia menolak membuka hubungan diplomatik dengan Israel.", "id"),
    ("Since then, Indonesia and Kazakhstan have cooperated on trade and education.", "en"),
])
def test_a_fronted_since_makes_the_sentence_background(process, text, lang):
    evs = events(process, text, lang, date="2025-11-10")
    assert evs and all("historical" in e.aux for e in evs)


@pytest.mark.parametrize("text, lang", [
    ("Russia said on Tuesday that Sudan must return the helicopter.", "en"),
    ("Rusia mengatakan pada Selasa bahwa Sudan harus mengembalikan helikopter tersebut.", "id"),
    ("Rusia dijo el martes que Sudán debe devolver el helicóptero.", "es"),
])
def test_a_reported_must_is_the_speakers_demand(process, text, lang):
    ev = one(process, text, lang)
    assert (ev.event_type, ev.actor, ev.recipient) == ("REQUEST", ["RUS"], ["SDN"])


def test_a_must_without_a_speaker_is_no_event(process):
    assert events(process, "Sudan must return the helicopter.", "en") == []


def test_force_promised_is_a_threat(process):
    ev = one(process, "Iraq's interim government said it is prepared to impose martial law in Baghdad.", "en")
    assert ev.event_type == "THREATEN" and ev.mode == "restrict"


def test_a_promise_to_curb_ones_own_programme_is_no_threat(process):
    evs = events(process, "Under the deal, Iran agreed to curb uranium enrichment.", "en")
    assert [e.event_type for e in evs] == ["AGREE"]


def test_a_listed_passive_form_with_its_agent_after_a_head_noun(process):
    text = "Program beasiswa itu didanai pemerintah Indonesia sejak 2010."
    ev = one(process, text, "id", category="AID")
    assert ev.actor == ["IDN"]


def test_confidence_is_the_precision_calibrated_for_the_evidence_and_category(process, kb):
    evs = events(process, "Turkey condemned Israel over the raid on Monday.", "en")
    table = kb.calibration
    for ev in evs:
        expected = table.get(f"{ev.evidence}|{ev.event_type}", table.get(ev.evidence))
        assert expected is not None and ev.confidence == expected


def test_a_visiting_guest_is_no_visit(process):
    text = "Israeli President Moshe Katsav has refused to meet Jordan's visiting King Abdullah II in Tel Aviv."
    assert [e.event_type for e in events(process, text, "en")] == ["REJECT"]


def test_what_a_refused_invitation_invites_to_is_no_act(process):
    text = "The Islamic Jihad movement rejected an invitation to attend a meeting with Israel."
    assert [e.event_type for e in events(process, text, "en")] == ["REJECT"]


@pytest.mark.parametrize("text, category", [
    ("The United States fired anti-aircraft batteries at Russia this week.", "ASSAULT"),
    ("Syrian rebels engaged Filipino peacekeepers in a firefight in the Golan Heights on Saturday.", "ASSAULT"),
    ("Kenyan police fired tear gas at demonstrators in Nairobi.", "COERCE"),
])
def test_firing_at_someone(process, text, category):
    assert [e.event_type for e in events(process, text, "en")] == [category]


def test_claiming_that_someone_attacked_accuses_them(process):
    evs = events(process, "The US claimed that ISIL had attacked Iraq and taken the city of Mosul.", "en")
    accuse = [e for e in evs if e.event_type == "ACCUSE"]
    assert [(e.actor, e.recipient, e.mode) for e in accuse] == [(["USA"], ["islamic-state"], "allege")]
    assert any(e.event_type == "ASSAULT" for e in evs)


def test_saying_that_someone_attacked_is_no_accusation(process):
    evs = events(process, "The US said that Iraq had attacked Kuwait.", "en")
    assert [e.event_type for e in evs] == ["ASSAULT"]


def test_the_act_condemned_is_no_act_of_the_condemner(process):
    assert [e.event_type for e in events(process, "Turkey condemned the attack.", "en")] == ["ACCUSE"]


@pytest.mark.parametrize("text, lang", [
    ("El Gobierno de España condenó el ataque y pidió máxima contención a todas las partes.", "es"),
    ("The Government of Spain condemned the attack and called for restraint.", "en"),
])
def test_a_state_named_by_its_government_is_the_subject(process, text, lang):
    evs = events(process, text, lang)
    assert evs and all(e.actor == ["ESP"] for e in evs)


def test_a_future_marker_between_a_threat_and_its_act_governs(process):
    text = "Hongaria dan Slovakia mengancam akan menggugat Uni Eropa ke pengadilan."
    evs = events(process, text, "id")
    assert [(e.event_type, sorted(e.actor), e.recipient) for e in evs] == [("THREATEN", ["HUN", "SVK"], ["eu"])]


def test_a_threats_condition_adds_whom_it_warns_to_a_place_named(process):
    text = ("Erdogan warned that Ankara would launch a ground operation in northern Syria "
            "if the YPG did not pull back from the border.")
    ev = one(process, text, "en", category="THREATEN")
    assert "ypg" in ev.recipient


def test_what_is_asked_for_stands_in_for_an_unnamed_addressee(process):
    evs = events(process, "Estonia and Lithuania asked allies to deploy more troops on their territory.", "en")
    assert [(e.event_type, sorted(e.actor)) for e in evs] == [("REQUEST", ["EST", "LTU"])]


@pytest.mark.parametrize("text, lang", [
    ("Mali, Burkina Faso and Niger withdrew from ECOWAS on Sunday, accusing it of serving France.", "en"),
    ("Mali, Burkina Faso y Níger abandonaron la CEDEAO el domingo, acusando a la CEDEAO de servir a Francia.", "es"),
])
def test_a_participle_after_a_comma_is_the_sentence_subjects_act(process, text, lang):
    ev = one(process, text, lang, category="ACCUSE")
    assert (ev.actor, ev.recipient) == (["MLI", "BFA", "NER"], ["ecowas"])


def test_a_pronoun_subject_is_the_party_named_before(process):
    ev = one(process, "Japan and South Korea held talks in Tokyo. They agreed to expand cooperation in technology.",
             "en", category="AGREE")
    assert ev.actor == ["JPN", "KOR"]


@pytest.mark.parametrize("text, lang", [
    ("The United States pledged $85 million in emergency assistance for Turkey and Syria.", "en"),
    ("Amerika Serikat menjanjikan bantuan darurat senilai 85 juta dolar untuk Turki dan Suriah.", "id"),
])
def test_a_sum_does_not_part_a_pledge_from_whom_it_helps(process, text, lang):
    ev = one(process, text, lang)
    assert (ev.event_type, ev.actor, ev.recipient) == ("AGREE", ["USA"], ["TUR", "SYR"])


def test_whoever_announces_an_aid_package_gives_it(process):
    ev = one(process, "Japan announced an aid package worth $10 million for the Philippines.", "en")
    assert (ev.event_type, ev.actor, ev.recipient) == ("AID", ["JPN"], ["PHL"])


@pytest.mark.parametrize("text, lang", [
    ("Venezuela expelled diplomats from seven Latin American countries, including Argentina, Chile and Peru.", "en"),
    ("Venezuela mengusir diplomat dari tujuh negara Amerika Latin, termasuk Argentina, Chili dan Peru.", "id"),
])
def test_the_members_named_stand_for_the_group_that_lists_them(process, text, lang):
    ev = one(process, text, lang)
    assert (ev.actor, ev.recipient) == (["VEN"], ["ARG", "CHL", "PER"])


@pytest.mark.parametrize("text, lang", [
    ("Indonesia welcomed Timor-Leste's membership and promised to help train its officials.", "en"),
    ("Indonesia menyambut baik keanggotaan Timor Leste dan berjanji membantu peningkatan kapasitas aparaturnya.", "id"),
])
def test_a_verb_after_and_shares_the_earlier_verbs_subject(process, text, lang):
    ev = one(process, text, lang, category="AGREE")
    assert ev.actor == ["IDN"]


def test_a_clause_word_that_looks_like_a_verb_leaves_the_subject_after_it(process):
    ev = one(process, "Posisi Indonesia tidak berubah meskipun Kazakhstan bergabung dengan Abraham Accords.", "id")
    assert (ev.event_type, ev.actor) == ("SUPPORT", ["KAZ"])


def test_coordinated_subjects_are_no_coordinated_verb(process):
    ev = one(process, "Hungary and Germany opposed proposals to suspend the trade agreement with Israel.", "en",
             category="REJECT")
    assert ev.actor == ["HUN", "DEU"]


def test_an_appositive_after_the_subject_names_no_subject(process):
    ev = one(process, "Pakistan, a key U.S. ally in the war against terrorism, has refused to deploy peacekeepers in Iraq.",
             "en")
    assert (ev.event_type, ev.actor) == ("REJECT", ["PAK"])


@pytest.mark.parametrize("text, lang", [
    ("Lebanon complained to the United Nations on Tuesday over two Israeli air raids.", "en"),
    ("Lebanon mengadu kepada PBB atas serangan udara Israel.", "id"),
])
def test_a_grievance_told_to_a_body_targets_whom_it_is_about(process, text, lang):
    ev = one(process, text, lang, category="ACCUSE")
    assert (ev.actor, ev.recipient) == (["LBN"], ["ISR"])


def test_a_name_after_a_nominal_act_is_its_author(process):
    ev = one(process, "Netanyahu meminta maaf kepada Qatar atas serangan udara Israel di Doha.", "id", category="ASSAULT")
    assert ev.actor == ["ISR"]


def test_weapons_systems_promised_to_a_state_are_a_promise_of_aid(process):
    ev = one(process, "Germany will deliver two more Patriot air-defence systems to Ukraine by the end of the year.", "en")
    assert (ev.event_type, ev.actor, ev.recipient) == ("AGREE", ["DEU"], ["UKR"])


@pytest.mark.parametrize("text, lang, recipient", [
    ("Mali withdrew from ECOWAS on Sunday.", "en", ["ecowas"]),
    ("The United States pulled out of the Paris Agreement.", "en", []),
    ("Amerika Serikat menarik diri dari Perjanjian Paris.", "id", []),
])
def test_leaving_a_body_or_a_treaty_is_a_sanction(process, text, lang, recipient):
    ev = one(process, text, lang)
    assert (ev.event_type, ev.mode, ev.recipient) == ("SANCTION", "withdraw", recipient)


def test_troops_leaving_a_country_retreat(process):
    ev = one(process, "Israel withdrew its troops from Lebanon.", "en")
    assert (ev.event_type, ev.recipient) == ("RETREAT", ["LBN"])


def test_two_acts_told_with_two_dates_stay_two(process):
    evs = events(process, "ECOWAS suspended Mali, Burkina Faso and Niger in 2023, and imposed sanctions on Niger in 2024.",
                 "en", date="2025-01-28")
    assert sorted((e.trigger, tuple(e.recipient)) for e in evs if e.event_type == "SANCTION") == [
        ("imposed sanctions", ("NER",)), ("suspended", ("MLI", "BFA", "NER"))]


def test_whoever_tells_of_a_call_with_someone_took_part(process):
    ev = one(process, "Kazakhstan has joined the Abraham Accords, President Kassym-Jomart Tokayev said on Nov. 6 after a "
                      "phone call with U.S. President Donald Trump.", "en", date="2025-11-07", category="CONSULT")
    assert ev.actor == ["kassym-jomart-tokayev", "donald-trump"]


def test_being_met_with_a_response_is_no_meeting(process):
    assert not [e for e in events(process, "NATO warned Russia that any attack would be met with a devastating response.",
                                  "en") if e.event_type == "CONSULT"]


@pytest.mark.parametrize("text, lang", [
    ("Saudi Crown Prince Mohammed bin Salman hosted U.S. President Donald Trump in Riyadh on Tuesday.", "en"),
    ("Putra Mahkota Saudi Mohammed bin Salman menjamu Presiden AS Donald Trump di Riyadh, Selasa.", "id"),
])
def test_the_host_receives_the_visit_of_the_guest(process, text, lang):
    ev = one(process, text, lang, date="2025-05-13")
    assert (ev.event_type, ev.actor, ev.recipient) == ("CONSULT", ["donald-trump"], ["mohammed-bin-salman"])


def test_receiving_nothing_named_is_no_visit(process):
    assert not events(process, "Putin received a letter on Monday.", "en")


def test_the_past_of_reported_speech_is_no_background(process):
    ev = one(process, "Taiwan's defence ministry said it had put its forces on alert.", "en", date="2024-10-14")
    assert ev.aux == []


def test_a_pluperfect_outside_reported_speech_is_background(process):
    ev = one(process, "Iran had suspended its cooperation with the IAEA.", "en", date="2024-10-14")
    assert "historical" in ev.aux


def test_a_promise_still_to_be_made_is_future(process):
    ev = one(process, "NATO leaders are expected to commit to spending 5% of GDP on defence at their summit.", "en",
              category="AGREE")
    assert ev.aux == ["future"]


@pytest.mark.parametrize("text", [
    "Russian Energy Minister Alexander Novak said Moscow would not support the proposal while demand remained uncertain.",
    "Oil prices fell as Chinese demand slowed.",
])
def test_demand_of_a_market_is_no_request(process, text):
    assert not [e for e in events(process, text, "en") if e.event_type == "REQUEST"]


def test_an_expected_signing_stays_future(process):
    ev = one(process, "Menlu Indonesia tiba di Astana. Indonesia dan Kazakhstan diharapkan menandatangani nota "
                      "kesepahaman di bidang energi.", "id", category="AGREE")
    assert ev.aux == ["future"]


@pytest.mark.parametrize("text, lang", [
    ("Presiden Tokayev menerima Menlu Sugiono di Astana. Dalam pertemuan itu, keduanya membahas perdagangan.", "id"),
    ("Tokayev met Indonesia's foreign minister in Astana. At that meeting, Kazakhstan offered grain.", "en"),
])
def test_an_act_named_again_with_a_demonstrative_is_told_once(process, text, lang):
    assert len([e for e in events(process, text, lang, date="2025-06-02") if e.event_type == "CONSULT"]) == 1


def test_names_joined_by_a_bare_comma_are_two_phrases(process):
    ev = one(process, "At the invitation of President Shavkat Mirziyoyev, President Tokayev paid a state visit to "
                      "Uzbekistan on 21-22 August 2024.", "en", date="2024-08-22")
    assert ev.actor == ["kassym-jomart-tokayev"]


def test_a_list_closed_by_and_stays_one_list(process):
    ev = one(process, "Mali, Burkina Faso and Niger condemned the sanctions.", "en")
    assert ev.actor == ["MLI", "BFA", "NER"]


@pytest.mark.parametrize("text, lang, actor", [
    ("Bilateral trade between Kazakhstan and Uzbekistan reached $4.4 billion in 2023.", "en", ["KAZ", "UZB"]),
    ("Perdagangan antara Israel dan UEA terus tumbuh sejak itu.", "id", ["ISR", "ARE"]),
    ("El comercio bilateral entre España y Marruecos creció un 10 por ciento.", "es", ["ESP", "MAR"]),
])
def test_trade_between_parties_is_cooperation(process, text, lang, actor):
    ev = one(process, text, lang)
    assert (ev.event_type, ev.actor, ev.sectors) == ("COOPERATE", actor, ["economy"])


def test_trade_tensions_are_no_cooperation(process):
    assert not events(process, "Trade tensions between the United States and China rose.", "en")


@pytest.mark.parametrize("text, lang", [
    ("German President Frank-Walter Steinmeier, on a state visit to Tanzania, asked for forgiveness.", "en"),
    ("During his visit to Tanzania, Frank-Walter Steinmeier asked for forgiveness.", "en"),
])
def test_the_visitor_of_a_visit_phrase_is_the_sentence_subject(process, text, lang):
    ev = one(process, text, lang, date="2023-11-01", category="CONSULT")
    assert (ev.actor, ev.recipient) == (["frank-walter-steinmeier"], ["TZA"])


def test_a_visit_told_to_the_state_and_then_its_leader_is_one_record(process):
    evs = events(process, "President Donald Trump wrapped up a Gulf tour with a visit to the United Arab Emirates. "
                          "Trump was received at the presidential palace by UAE President Sheikh Mohamed bin Zayed.",
                 "en", date="2025-05-15")
    visits = [e for e in evs if e.event_type == "CONSULT"]
    assert [(v.actor, v.recipient) for v in visits] == [(["donald-trump"], ["mohamed-bin-zayed"])]


@pytest.mark.parametrize("text, lang", [
    ("Turkey recalled its ambassador to Israel in protest at the strikes.", "en"),
    ("Turki menarik duta besarnya dari Israel sebagai protes atas serangan itu.", "id"),
])
def test_an_act_done_in_protest_is_no_demonstration(process, text, lang):
    assert not [e for e in events(process, text, lang) if e.event_type == "PROTEST"]


def test_receiving_a_visit_makes_the_visitor_the_actor(process):
    ev = one(process, "Presiden Prabowo menerima kunjungan Perdana Menteri Jepang di Istana Merdeka.", "id")
    assert (ev.event_type, ev.actor, ev.recipient) == ("CONSULT", ["JPN"], ["prabowo-subianto"])


def test_a_participle_whose_sentence_subject_is_unnamed_has_no_actor(process):
    evs = events(process, "Thousands of people protested outside the Israeli embassy in Amman, demanding an end to the war.",
                 "en")
    assert not [e for e in evs if e.event_type == "REQUEST" and e.actor]


def test_humanitarian_aid_pledged_to_someone_is_a_promise_to_them(process):
    ev = one(process, "Japan pledged $5 million in humanitarian aid to the Palestinians.", "en")
    assert (ev.event_type, ev.actor, ev.recipient) == ("AGREE", ["JPN"], ["PSE"])


def test_a_speaker_named_by_its_military_is_no_target(process):
    ev = one(process, "North Korea fired a ballistic missile into the Sea of Japan on Thursday, South Korea's military said.",
             "en")
    assert (ev.actor, ev.recipient) == (["PRK"], [])


@pytest.mark.parametrize("text, lang", [
    ("China and the Philippines traded accusations after a collision near the Second Thomas Shoal.", "en"),
    ("China dan Filipina saling menuduh setelah tabrakan kapal di dekat Second Thomas Shoal.", "id"),
])
def test_trading_accusations_is_a_reciprocal_accusation(process, text, lang):
    ev = one(process, text, lang)
    assert (ev.event_type, ev.actor, ev.recipient) == ("ACCUSE", ["CHN", "PHL"], [])


@pytest.mark.parametrize("text, lang", [
    ("Menteri Luar Negeri Retno Marsudi mengatakan Indonesia akan terus mendukung perjuangan rakyat Palestina.", "id"),
    ("Foreign Minister Retno Marsudi said Indonesia would continue to support the Palestinian people.", "en"),
])
def test_the_name_after_a_speech_verb_is_the_reported_subject(process, text, lang):
    ev = one(process, text, lang, date="2023-10-10")
    assert (ev.event_type, ev.actor, ev.recipient) == ("AGREE", ["IDN"], ["PSE"])


def test_the_object_of_a_noun_after_of_is_its_target(process):
    ev = one(process, "Russia's invasion of Ukraine began in February 2022.", "en", date="2024-02-24")
    assert (ev.event_type, ev.actor, ev.recipient) == ("ASSAULT", ["RUS"], ["UKR"])


def test_a_name_after_comma_and_that_a_verb_follows_opens_a_new_clause(process):
    evs = events(process, "Britain said it would send 350 more troops to Poland, and the United States has said it would "
                          "impose severe economic sanctions if Russia invaded Ukraine.", "en")
    sending = next(e for e in evs if "troops" in e.trigger)
    threat = next(e for e in evs if "sanctions" in e.trigger)
    assert (sending.actor, sending.recipient) == (["GBR"], ["POL"])
    assert (threat.event_type, threat.actor, threat.recipient) == ("THREATEN", ["USA"], ["RUS"])


def test_a_promise_on_anothers_condition_is_made_to_them(process):
    ev = one(process, "President Vladimir Putin offered to keep observing those limits for one year, provided Washington "
                      "did the same.", "en", date="2025-10-01")
    assert (ev.event_type, ev.actor, ev.recipient) == ("AGREE", ["vladimir-putin"], ["USA"])


def test_words_of_conflict_in_one_sentence_share_their_addressee(process):
    ev = one(process, "The U.S. State Department said it was seriously concerned and urged Beijing to act with restraint.",
             "en", category="ACCUSE")
    assert (ev.actor, ev.recipient) == (["USA"], ["CHN"])


def test_a_number_with_thousands_separators_is_one_word(process):
    ev = one(process, "Indonesia will send 1,000 peacekeepers to Lebanon.", "en")
    assert (ev.event_type, ev.actor, ev.recipient) == ("AGREE", ["IDN"], ["LBN"])


def test_a_possessor_stands_before_the_modifiers_of_its_act(process):
    ev = one(process, "Hungary blocked the EU's latest sanctions package against Russia.", "en")
    assert (ev.event_type, ev.actor, ev.recipient) == ("REJECT", ["HUN"], ["eu"])


def test_parties_agreeing_on_their_own_states_business_have_no_target(process):
    ev = one(process, "Presiden Prabowo dan PM Anwar Ibrahim sepakat mempercepat perundingan batas laut kedua negara.", "id",
             date="2025-06-27")
    assert (ev.event_type, ev.actor, ev.recipient) == ("AGREE", ["prabowo-subianto", "anwar-ibrahim"], [])


@pytest.mark.parametrize("text, lang", [
    ("Hungaria memblokir paket sanksi terbaru Uni Eropa terhadap Rusia.", "id"),
])
def test_blocking_a_package_is_a_refusal(process, text, lang):
    ev = one(process, text, lang)
    assert (ev.event_type, ev.actor, ev.recipient) == ("REJECT", ["HUN"], ["eu"])


def test_what_someone_is_accused_of_is_no_act_of_the_accuser(process):
    evs = events(process, "Ukraina menuduh Rusia sengaja menyerang warga sipil.", "id")
    assert [(e.event_type, e.actor, e.recipient) for e in evs] == [("ACCUSE", ["UKR"], ["RUS"])]


def test_violence_in_an_agentless_passive_names_no_author(process):
    evs = events(process, "Serbia lifted a night curfew in Montenegro where 28 people have been killed in ethnic riots "
                          "this year.", "en")
    assert not [e for e in evs if e.event_type == "ASSAULT" and (e.actor or e.recipient)]


def test_accepting_what_comes_from_someone_answers_them(process):
    ev = one(process, "Colombia agreed to accept deportation flights from the United States.", "en")
    assert (ev.event_type, ev.actor, ev.recipient) == ("AGREE", ["COL"], ["USA"])


def test_a_possessor_behind_a_preposition_makes_no_subject(process):
    ev = one(process, "U.S. President Donald Trump said on Friday that he had sent a letter to Iran's Supreme Leader "
                      "Ali Khamenei proposing negotiations.", "en", date="2025-03-08")
    assert ev.actor == ["donald-trump"]


def test_an_act_nobody_performs_is_no_cooperation(process):
    evs = events(process, "The funding will support food, clean water and health care and will be channelled through the "
                          "International Committee of the Red Cross.", "en")
    assert not [e for e in evs if e.event_type in ("AGREE", "SUPPORT", "AID")]


def test_a_verb_made_a_noun_takes_its_actor_after_it(process):
    ev = one(process, "Bergabungnya Kazakhstan dengan Abraham Accords pekan lalu memunculkan pertanyaan lama.", "id",
             date="2025-11-14")
    assert (ev.event_type, ev.actor, ev.agreement) == ("SUPPORT", ["KAZ"], "abraham-accords")


@pytest.mark.parametrize("text, lang, recipient", [
    ("Ugandan soldiers tortured scores of Kenyan and Rwandan traders near the border.", "en", ["KEN", "RWA"]),
    ("La policía venezolana detuvo a decenas de colombianos en Caracas.", "es", ["COL"]),
])
def test_a_quantity_of_people_is_the_object(process, text, lang, recipient):
    ev = [e for e in events(process, text, lang) if e.event_type in ("ASSAULT", "COERCE")][0]
    assert ev.recipient == recipient


def test_demonstrators_doing_something_else_are_its_actors_not_a_protest(process):
    evs = events(process, "Armenian demonstrators threw stones at the Azerbaijani embassy on Sunday.", "en")
    assert [(e.event_type, e.actor) for e in evs] == [("ASSAULT", ["ARM"])]


def test_an_irregular_past_after_a_name_is_a_verb(process):
    ev = one(process, "The European Union met Japan on Tuesday.", "en")
    assert (ev.event_type, sorted(ev.actor + ev.recipient)) == ("CONSULT", ["JPN", "eu"])


def test_a_partner_before_a_coordinated_speech_verb_is_no_speaker(process):
    ev = [e for e in events(process, "Maros Sefcovic spoke by phone with China's commerce minister and warned "
                                     "that the bloc was ready to act.", "en") if e.event_type == "CONSULT"][0]
    assert "CHN" in ev.actor + ev.recipient


def test_a_participle_after_said_is_the_speakers(process):
    ev = [e for e in events(process, "The tanker was boarded by commandos, the U.S. Navy's Fifth Fleet said, calling "
                                     "on Tehran to release the ship.", "en") if e.event_type == "REQUEST"][0]
    assert (ev.actor, ev.recipient) == (["USA"], ["IRN"])


def test_a_name_followed_by_a_relative_with_its_own_speaker_is_the_object(process):
    ev = one(process, "Washington imposed sanctions on a Chinese refinery that it said had bought Iranian crude.", "en")
    assert (ev.event_type, ev.actor, ev.recipient) == ("SANCTION", ["USA"], ["CHN"])


@pytest.mark.parametrize("text, expected", [
    ("Mali, Burkina Faso and Niger formally left the Economic Community of West African States.",
     ("SANCTION", ["MLI", "BFA", "NER"], ["ecowas"])),
    ("Russian instructors continue to train Malian soldiers.", ("AID", ["RUS"], ["MLI"])),
    ("North Korea fired a ballistic missile into the sea off its east coast.", ("MOBILIZE", ["PRK"], [])),
    ("A Jordanian convoy carrying food and medicine reached the city.", ("AID", ["JOR"], [])),
    ("Moldovan President Maia Sandu thanked Brussels for its support.", ("SUPPORT", ["maia-sandu"], ["eu"])),
    ("Zelensky has asked Washington for ten more Patriot systems.", ("REQUEST", ["volodymyr-zelensky"], ["USA"])),
])
def test_common_english_phrasings(process, text, expected):
    ev = one(process, text, "en", date="2025-06-01")
    assert (ev.event_type, ev.actor, ev.recipient) == expected


def test_leaving_is_an_exit_only_from_a_body(process):
    assert events(process, "The Turkish minister left for Beijing on Monday.", "en") == []


@pytest.mark.parametrize("text, expected", [
    ("Pakistan and Afghanistan agreed to a ceasefire after talks in Doha mediated by Qatar and Turkey.",
     (["PAK", "AFG"], ["QAT", "TUR"])),
    ("Thai and Cambodian leaders held talks in Putrajaya hosted by Malaysian Prime Minister Anwar Ibrahim.",
     (["THA", "KHM"], ["anwar-ibrahim"])),
])
def test_the_mediator_or_host_of_talks_is_their_third_party(process, text, expected):
    talks = [e for e in events(process, text, "en", date="2025-10-19") if e.event_type == "CONSULT"]
    assert [(e.actor, e.recipient) for e in talks] == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Ukraine received 40 tanks from Poland.", ("AID", ["POL"], ["UKR"])),
    ("Kyiv received assurances from the United States.", ("AGREE", ["USA"], ["UKR"])),
    ("The US presented evidence against Russia.", ("ACCUSE", ["USA"], ["RUS"])),
])
def test_receiving_from_someone_is_their_act(process, text, expected):
    ev = one(process, text, "en")
    assert (ev.event_type, ev.actor, ev.recipient) == expected


def test_people_counted_before_of_are_the_subject(process):
    ev = one(process, "Thousands of French farmers blocked roads in protest against the trade deal.", "en")
    assert (ev.event_type, ev.actor) == ("PROTEST", ["FRA"])


def test_leaving_an_agreement_named_with_its_owner(process):
    ev = one(process, "Mulino confirmed that Panama has left China's Belt and Road Initiative.", "en")
    assert (ev.event_type, ev.actor, ev.recipient, ev.agreement) == (
        "SANCTION", ["PAN"], ["CHN"], "belt-and-road-initiative")


@pytest.mark.parametrize("text, lang", [
    ("Mali, Burkina Faso, dan Niger—yang kini dipimpin junta militer—resmi keluar dari ECOWAS.", "id"),
    ("Mali, Burkina Faso and Niger — which are all ruled by juntas — formally left ECOWAS.", "en"),
])
def test_leaving_a_body_past_an_aside_set_off_by_dashes(process, text, lang):
    ev = one(process, text, lang)
    assert (ev.event_type, ev.actor, ev.recipient) == ("SANCTION", ["MLI", "BFA", "NER"], ["ecowas"])


def test_going_out_of_a_room_is_no_exit(process):
    assert events(process, "Menteri itu keluar dari ruang sidang.", "id") == []


@pytest.mark.parametrize("text, lang, expected", [
    ("Motegi menegaskan dukungan Tokyo terhadap Indonesia dalam proses aksesi CPTPP.", "id", ["IDN"]),
    ("Japanese Foreign Minister Toshimitsu Motegi reaffirmed Tokyo's support to Indonesia.", "en", ["IDN"]),
])
def test_the_actors_own_state_is_no_recipient_of_its_words(process, text, lang, expected):
    ev = [e for e in events(process, text, lang, date="2025-11-20") if e.event_type == "SUPPORT"][0]
    assert (ev.actor, ev.recipient) == (["toshimitsu-motegi"], expected)


def test_a_past_participle_describing_a_noun_is_no_act(process):
    evs = events(process, "The pact limits the two countries' deployed strategic nuclear warheads.", "en")
    assert not [e for e in evs if e.event_type == "MOBILIZE"]


def test_an_announced_exit_is_the_decision_not_a_threat(process):
    ev = one(process, "Argentina announced it would leave the World Health Organization.", "en")
    assert (ev.event_type, ev.actor, ev.recipient) == ("SANCTION", ["ARG"], ["who"])


def test_a_demand_addressed_to_a_government_governs_the_act_demanded(process):
    evs = events(process, "Para pengunjuk rasa menuntut pemerintah Indonesia memboikot produk Israel.", "id")
    assert [(e.event_type, e.recipient) for e in evs] == [("REQUEST", ["IDN"])]


def test_unnamed_ministers_meeting_take_no_subject_from_an_earlier_clause(process):
    evs = events(process, "NATO chief Mark Rutte warned Russia that any attack would be met with a devastating response, "
                          "as defence ministers met in Brussels.", "en")
    assert not [e for e in evs if e.event_type == "CONSULT" and "RUS" in e.actor]


@pytest.mark.parametrize("text, lang", [
    ("UN Secretary-General Antonio Guterres called for an immediate ceasefire. Israel rejected the call, saying its "
     "operations would continue until all hostages held in Gaza are freed.", "en"),
    ("Sekjen PBB Antonio Guterres menyerukan gencatan senjata segera. Israel menolak seruan itu dan mengatakan operasinya "
     "akan berlanjut sampai semua sandera di Gaza dibebaskan.", "id"),
])
def test_rejecting_the_call_answers_whoever_made_it(process, text, lang):
    ev = [e for e in events(process, text, lang, date="2024-05-14") if e.event_type == "REJECT"][0]
    assert (ev.actor, "antonio-guterres" in ev.recipient, "PSE" in ev.recipient) == (["ISR"], True, False)


def test_a_partner_before_a_purpose_clause_is_no_speaker(process):
    ev = one(process, "Menteri Luar Negeri Sugiono berbicara melalui telepon dengan Menteri Luar Negeri Australia Penny "
                      "Wong untuk menjelaskan sikap Indonesia.", "id", date="2025-04-16")
    assert sorted(ev.actor + ev.recipient) == ["penny-wong", "sugiono"]


def test_a_demand_made_of_someone_after_from(process):
    ev = one(process, "China demanded an apology from Tokyo.", "en")
    assert (ev.event_type, ev.actor, ev.recipient) == ("REQUEST", ["CHN"], ["JPN"])


def test_drills_around_a_place_are_aimed_at_it(process):
    ev = one(process, "China's military launched large-scale drills around Taiwan on Tuesday.", "en", date="2025-04-01")
    assert (ev.event_type, ev.actor, ev.recipient) == ("MOBILIZE", ["CHN"], ["TWN"])
