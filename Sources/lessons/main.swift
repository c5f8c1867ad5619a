print("lessons: not built yet")
