/**
 * A few questions a staff member would ask about the five reports in `seeds/`, written for the
 * tests from the reports themselves. They live in the repository so the suite runs in any clone;
 * the shared development set stays outside it, as held-out evaluation data.
 */

/** A question about one seed report, with text of that report that answers it. */
export interface SeedQuestion {
  id: string;
  question: string;
  /** The report file the question is about. */
  doc: string;
  /** Text copied verbatim from `doc` that answers the question. */
  gold: string;
  /** Typed without Vietnamese diacritics, as people often do on a phone. */
  noDiacritics: boolean;
}

/** The questions, one per seed report; the first is the one most tests ask. */
export const SEED_QUESTIONS: readonly SeedQuestion[] = [
  {
    id: "seed-hatinh-listening",
    question: "Công an và ban dân vận ở Hà Tĩnh đã phối hợp tổ chức bao nhiêu hội nghị “Công an lắng nghe ý kiến Nhân dân”?",
    doc: "000_b006b8f58c796141.txt",
    gold: "Phối hợp tổ chức 360 hội nghị “Công an lắng nghe ý kiến Nhân dân”, qua đó tiếp nhận 2.680 ý kiến đóng góp của Nhân dân",
    noDiacritics: false,
  },
  {
    id: "seed-hue-supervision",
    question: "Đoàn giám sát về Nghị quyết 25-NQ/TW đã làm việc với những đơn vị công an nào ở Thừa Thiên Huế?",
    doc: "001_7ec918850e737c07.txt",
    gold: "Công an thành phố Huế và Công an huyện Phong Điền đã thông qua báo cáo kết quả",
    noDiacritics: false,
  },
  {
    id: "seed-hcmc-post",
    question: "Công an TPHCM phối hợp với bưu điện để chuyển phát những giấy tờ nào cho người dân?",
    doc: "002_abeb19b5365f6e40.txt",
    gold: "Công an các cấp phối hợp với ngành bưu điện thực hiện chuyển phát nhanh Hộ chiếu, Giấy đăng ký xe, Căn cước công dân",
    noDiacritics: false,
  },
  {
    id: "seed-hanoi-program",
    question: "Chương trình phối hợp giữa Ban Dân vận Thành ủy và CATP Hà Nội gồm bao nhiêu nội dung?",
    doc: "003_e6f03f477db70e45.txt",
    gold: "thống nhất thông qua chương trình phối hợp thực hiện công tác dân vận với 7 nội dung phối hợp",
    noDiacritics: false,
  },
  {
    id: "seed-phutho-motorbike",
    question: "dang ky xe mo to o cong an tinh Phu Tho gio mat bao nhieu ngay",
    doc: "004_34938899e6c395cf.txt",
    gold: "đăng ký xe mô tô từ 3 ngày xuống 1 ngày",
    noDiacritics: true,
  },
];

/** The question with this id (throws on a typo, so a test cannot silently ask nothing). */
export function seedQuestion(id: string): SeedQuestion {
  const found = SEED_QUESTIONS.find((q) => q.id === id);
  if (found === undefined) throw new Error(`no seed question ${id}`);
  return found;
}
